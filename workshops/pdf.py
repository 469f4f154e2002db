"""Render the strategy document (see `strategy.py`) as a tagged PDF with WeasyPrint.

WeasyPrint would fetch whatever a document references, `file://` and other hosts included.
The document is therefore rendered against a base URL on a host that cannot exist
(`pdf.invalid`), and `StaticFilesFetcher` answers only for our own static files below it and
for PNG data: URLs (the Kommune's logo, re-encoded on upload); everything else is refused. User text reaches the document only through auto-escaping
templates, so it cannot add elements or URLs in the first place.
"""

import base64
import binascii
import dataclasses
import functools
import hashlib
import io
import json
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from fontTools.ttLib import woff2
from weasyprint.urls import URLFetcherResponse

from .strategy import StrategyData
from .text import Link, Markdown, breakable

COVER_TITLE_CHARS = 80
COVER_KOMMUNE_CHARS = 70

PDF_HOST = "pdf.invalid"
STATIC_PREFIX = "/static/"
BASE_URL = f"https://{PDF_HOST}{STATIC_PREFIX}"
DOCUMENT_TEMPLATE = "strategy/document.html"
COUNCIL_TEMPLATE = "council/paper.html"
PRINT_STYLESHEET = "css/print.css"
PDF_VARIANT = "pdf/ua-1"

# Raise when the templates or the print stylesheet change, so that PDFs of unchanged content
# rendered before a deployment are not served in the old layout.
LAYOUT_VERSION = "12"

CONTENT_TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


class RefusedURL(ValueError):
    """The document asked for something that is not one of our static files."""


def static_file_for(url: str) -> tuple[Path, str]:
    """The static file and its content type behind `url`, or `RefusedURL`."""
    parts = urlsplit(url)
    if (
        parts.scheme != "https"
        or parts.netloc != PDF_HOST
        or parts.query
        or not parts.path.startswith(STATIC_PREFIX)
    ):
        raise RefusedURL(f"Only static files are served to the PDF renderer: {url!r}")
    relative = unquote(parts.path.removeprefix(STATIC_PREFIX))
    segments = relative.split("/")
    if "\\" in relative or "\0" in relative or any(s in {"", ".", ".."} for s in segments):
        raise RefusedURL(f"Not a plain static path: {url!r}")
    content_type = CONTENT_TYPES.get(Path(relative).suffix.lower())
    if content_type is None:
        raise RefusedURL(f"Not a stylesheet, font or image: {url!r}")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"No such static file: {url!r}")
    return Path(found), content_type


PNG_DATA_PREFIX = "data:image/png;base64,"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_from_data_url(url: str) -> bytes:
    """The PNG in a `data:image/png;base64,` URL (the Kommune's logo), or `RefusedURL`."""
    if not url.startswith(PNG_DATA_PREFIX):
        raise RefusedURL("Only PNG pictures are accepted as data: URLs.")
    try:
        png = base64.b64decode(url.removeprefix(PNG_DATA_PREFIX), validate=True)
    except binascii.Error:
        raise RefusedURL("Not a base64 data: URL.") from None
    if not png.startswith(PNG_SIGNATURE):
        raise RefusedURL("Not a PNG picture.")
    return png


class StaticFilesFetcher(weasyprint.URLFetcher):
    """Serves the project's static files below `BASE_URL` and the logo, which the document
    carries as a PNG data: URL (`KommuneLogo.data_url`); refuses every other URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return URLFetcherResponse(
                PNG_DATA_PREFIX, png_from_data_url(url), {"Content-Type": "image/png"}
            )
        path, content_type = static_file_for(url)
        if content_type == "font/woff2":
            body = decompressed_font(path, path.stat().st_mtime_ns)
            return URLFetcherResponse(url, body, {"Content-Type": "font/ttf"})
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


@functools.lru_cache(maxsize=32)
def decompressed_font(path: Path, mtime_ns: int) -> bytes:
    """The WOFF2 font at `path` as plain TrueType, decompressed once per installation.

    WeasyPrint decompresses every WOFF2 font face on every render, and for the ten Fira Sans
    faces that took more than half of a render's time; it reads plain font data as it is. The
    result is kept in memory (`mtime_ns` in the key, so a replaced file is read again) and in
    `settings.PDF_FONT_CACHE_DIR` under the hash of the WOFF2 file, for the next process.
    """
    compressed = path.read_bytes()
    cached = Path(settings.PDF_FONT_CACHE_DIR) / f"{hashlib.sha256(compressed).hexdigest()}.ttf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    out = io.BytesIO()
    woff2.decompress(io.BytesIO(compressed), out)
    font = out.getvalue()
    try:
        cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        partial.write_bytes(font)
        partial.replace(cached)  # atomic: another process never reads half a font
    except OSError:
        pass  # a read-only installation decompresses once per process instead
    return font


def _with_breakable_words(value):
    if isinstance(value, Markdown | Link):
        return value  # broken up where it is displayed, so that link targets stay whole
    if isinstance(value, str):
        return breakable(value)
    if isinstance(value, tuple):
        return tuple(_with_breakable_words(item) for item in value)
    if dataclasses.is_dataclass(value):
        changes = {
            f.name: _with_breakable_words(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value


def printable(data: StrategyData) -> StrategyData:
    """`data` with break opportunities in overlong words, so that every text can be laid out."""
    return _with_breakable_words(data)


def render_html(data: StrategyData, *, standalone: bool = False) -> str:
    """The print document as HTML, in German.

    `standalone` inlines the print stylesheet, for a file that is opened on its own
    (`export_strategy --format html`); WeasyPrint loads it through the fetcher instead.
    """
    context = {
        "strategy": printable(data),
        "for_print": True,
        "print_stylesheet": PRINT_STYLESHEET,
        "layout_version": LAYOUT_VERSION,
        # The title page has room for about four lines in each size; longer names get
        # smaller type, so the title page never spills onto a second page.
        "long_cover": len(data.title) > COVER_TITLE_CHARS
        or len(data.kommune_name) > COVER_KOMMUNE_CHARS,
    }
    if standalone:
        context["inline_css"] = Path(finders.find(PRINT_STYLESHEET)).read_text()
    with translation.override("de"):
        return render_to_string(DOCUMENT_TEMPLATE, context)


def render_pdf(data: StrategyData) -> bytes:
    """The strategy as a tagged PDF (PDF/UA-1), rendered here and now (the command line; the
    web renders in the background, `rendering.py`)."""
    return render_pdf_from_html(render_html(data))[0]


def render_pdf_from_html(html: str) -> tuple[bytes, int]:
    """The print document `html` (`render_html`) as a tagged PDF, and its number of pages."""
    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()
    ).render()
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


def render_council_html(paper) -> str:
    """The Beschlussvorlage (`council.CouncilPaperData`) as print HTML, in German."""
    with translation.override("de"):
        return render_to_string(COUNCIL_TEMPLATE, {"paper": _with_breakable_words(paper)})


def render_council_pdf(paper) -> bytes:
    """The Beschlussvorlage as a tagged PDF (PDF/UA-1), rendered here and now."""
    return render_pdf_from_html(render_council_html(paper))[0]


def cache_key(data, kind: str = "strategy") -> str:
    """The content's identity for `DocumentRender.key`: kind, layout version and everything
    shown (`data` is a `StrategyData` or a `council.CouncilPaperData`)."""
    content = json.dumps(dataclasses.asdict(data), sort_keys=True, default=str)
    return hashlib.sha256(f"{kind}\n{LAYOUT_VERSION}\n{content}".encode()).hexdigest()


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def filename(data: StrategyData, extension: str = "pdf") -> str:
    """An ASCII file name from title and Kommune, e.g. `Digitalstrategie-2030-Musterstadt-2026-11-21.pdf`."""
    name = unicodedata.normalize("NFKD", f"{data.title} {data.kommune_name}".translate(_UMLAUTS))
    name = name.encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    return f"{name}-{data.date.isoformat()}.{extension}"
