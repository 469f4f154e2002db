"""A plain WeasyPrint document of a given page count: the yardstick for our PDF's render time.

`python bench/plain_pdf.py 33 out.pdf` writes 33 A4 pages of ordinary paragraphs (about as much
text per page as the strategy), without our stylesheet, fonts, tags or table of contents.
`bench/run.py` times `render_plain` beside our own PDF in the same run, and `render_unstyled`: our
own document's HTML without the print stylesheet, its fonts and the PDF/UA tags, which tells
what our styling costs apart from what the content itself costs WeasyPrint.
"""

import re
import sys

import weasyprint

PARAGRAPH = (
    "Die Verbandsgemeinde begleitet den Glasfaserausbau aktiv, schafft freies WLAN an zentralen "
    "Orten und baut ein Sensornetz auf, das Daten für bessere kommunale Entscheidungen liefert. "
)


def plain_html(pages: int) -> str:
    page = "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(4))
    body = "".join(
        f'<section style="break-before: page"><h1>Kapitel {n}</h1>{page}</section>'
        for n in range(1, pages + 1)
    )
    return f'<!DOCTYPE html><html lang="de"><body>{body}</body></html>'


def render_plain(pages: int) -> bytes:
    return weasyprint.HTML(string=plain_html(pages)).write_pdf()


STYLESHEET_LINK = re.compile(r'<link rel="stylesheet"[^>]*>')


def render_unstyled(html: str) -> tuple[bytes, int]:
    """The print document `html` without its stylesheets (layout and fonts), untagged, and its
    number of pages."""
    unstyled, links = STYLESHEET_LINK.subn("", html)
    assert links, "the print document no longer links its stylesheets as expected"
    document = weasyprint.HTML(string=unstyled).render()
    return document.write_pdf(), len(document.pages)


if __name__ == "__main__":
    count, target = int(sys.argv[1]), sys.argv[2]
    with open(target, "wb") as out:
        out.write(render_plain(count))
