"""The strategy's longer texts (Vorwort, Ausgangslage, …) are written in Markdown.

Paragraphs, lists, emphasis, quotes, sub-headings and links; nothing else. The parser runs with
raw HTML switched off, so `<script>` or `<img>` typed by a user stays visible text, and its
output passes through nh3 (the Ammonia sanitiser) with a short list of allowed elements and only
http, https and mailto links. Images are not part of the syntax at all: the PDF renderer never
has a reason to fetch anything for a text.
"""

from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

from .text import breakable

# Elements the parser below can produce; nh3 drops everything else.
ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "blockquote",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
}
LINK_SCHEMES = {"http", "https", "mailto"}

# Headings in a text sit below the chapter's own heading (h2) and above nothing: every level a
# user writes (#, ##, ###) becomes h3, so the document's outline never skips a level. Where a
# text sits deeper (a section of the Beschlussvorlage), the caller names the level.
TEXT_HEADING_LEVEL = 3

_parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["code", "fence", "html_block", "html_inline", "hr", "image", "backticks", "table"],
    ignoreInvalid=True,
)


def _only_absolute_links(tag, attribute, value):
    if tag == "a" and attribute == "href":
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        return value if scheme in LINK_SCHEMES else None
    return value


def render(text: str, heading_level: int = TEXT_HEADING_LEVEL) -> str:
    """`text` as sanitised HTML; overlong words get break opportunities (see `breakable`).

    Every heading in it gets `heading_level` (3 to 6)."""
    if not text.strip():
        return ""
    heading = f"h{min(max(heading_level, 3), 6)}"
    tokens = _parser.parse(text)
    for token in tokens:
        if token.type.startswith("heading_"):
            token.tag = heading
        for child in token.children or ():
            if child.type == "text":
                child.content = breakable(child.content)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=LINK_SCHEMES,
        attribute_filter=_only_absolute_links,
        link_rel="noopener noreferrer",
    )


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its emphasis; `href` when it is a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass(frozen=True)
class Block:
    """A paragraph-like block for writers other than HTML (the Beschlussvorlage's DOCX).

    `kind` is "paragraph", "heading", "bullet" or "number" (a list item; `level` counts from 0
    for nested lists) or "quote".
    """

    kind: str
    runs: tuple[Run, ...]
    level: int = 0


def blocks(text: str) -> list[Block]:
    """`text` as blocks of runs, with the same rules as `render`: no raw HTML, no images, and
    links only to http, https and mailto (other link targets are left out, their text stays)."""
    if not text.strip():
        return []
    result: list[Block] = []
    lists: list[str] = []  # "bullet" or "number", innermost last
    quoted = 0
    heading = False
    for token in _parser.parse(text):
        if token.type == "bullet_list_open":
            lists.append("bullet")
        elif token.type == "ordered_list_open":
            lists.append("number")
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif token.type == "blockquote_open":
            quoted += 1
        elif token.type == "blockquote_close":
            quoted -= 1
        elif token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            if heading:
                kind = "heading"
            elif lists:
                kind = lists[-1]
            else:
                kind = "quote" if quoted else "paragraph"
            result.append(Block(kind, _runs(token.children or ()), max(len(lists) - 1, 0)))
    return result


def _runs(children) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    href = ""
    for child in children:
        match child.type:
            case "text":
                runs.append(Run(child.content, bool(bold), bool(italic), href))
            case "softbreak" | "hardbreak":
                runs.append(Run("\n", bool(bold), bool(italic), href))
            case "strong_open":
                bold += 1
            case "strong_close":
                bold -= 1
            case "em_open":
                italic += 1
            case "em_close":
                italic -= 1
            case "link_open":
                target = child.attrs.get("href", "")
                href = target if _only_absolute_links("a", "href", target) else ""
            case "link_close":
                href = ""
    return tuple(runs)
