"""The strategy's longer texts (Vorwort, Ausgangslage, …) are written in Markdown.

Paragraphs, lists, emphasis, quotes, sub-headings and links; nothing else. The parser runs with
raw HTML switched off, so `<script>` or `<img>` typed by a user stays visible text, and its
output passes through nh3 (the Ammonia sanitiser) with a short list of allowed elements and only
http, https and mailto links. Images are not part of the syntax at all: the PDF renderer never
has a reason to fetch anything for a text.
"""

import nh3
from markdown_it import MarkdownIt

from .text import breakable

# Elements the parser below can produce; nh3 drops everything else.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "blockquote", "a", "h3"}
LINK_SCHEMES = {"http", "https", "mailto"}

# Headings in a text sit below the chapter's own heading (h2) and above nothing: every level a
# user writes (#, ##, ###) becomes h3, so the document's outline never skips a level.
TEXT_HEADING = "h3"

_parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["code", "fence", "html_block", "html_inline", "hr", "image", "backticks", "table"],
    ignoreInvalid=True,
)


def _only_absolute_links(tag, attribute, value):
    if tag == "a" and attribute == "href":
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        return value if scheme in LINK_SCHEMES else None
    return value


def render(text: str) -> str:
    """`text` as sanitised HTML; overlong words get break opportunities (see `breakable`)."""
    if not text.strip():
        return ""
    tokens = _parser.parse(text)
    for token in tokens:
        if token.type.startswith("heading_"):
            token.tag = TEXT_HEADING
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
