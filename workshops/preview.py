"""The strategy document as HTML for the preview on the strategy page, cached by its content.

The preview renders the same section templates as the PDF (`strategy/body.html`). For a large
strategy that is most of the page's time (three tables of every measure and a Steckbrief per
planned measure), while the content seldom changes between two views of the page. So the
rendered HTML is cached under a digest of the gathered content and the language, as
the PDF is kept by `pdf.cache_key`: any change of the content changes the key, and nothing has to
be invalidated by hand. Within it, each Handlungsfeld chapter and each Steckbrief is cached under
its own data (`{% cache %}` in the template), so the first view after a change renders only the
sections that changed and the ones that list the whole strategy.
"""

import hashlib
import pickle

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .pdf import LAYOUT_VERSION
from .strategy import StrategyData

BODY_TEMPLATE = "strategy/body.html"
CACHE_SECONDS = 60 * 60


def content_digest(data: StrategyData) -> str:
    """A digest of everything the document shows.

    The pickle is only hashed, never loaded. It is ten times faster than `data.as_json()` and
    just as exact: equal pickles mean equal content.
    """
    return hashlib.sha256(pickle.dumps(data, protocol=5)).hexdigest()


def preview_html(data: StrategyData) -> SafeString:
    """The document's sections as HTML in the active language, rendered once per content."""
    language = translation.get_language()
    key = f"strategy-preview:{LAYOUT_VERSION}:{language}:{content_digest(data)}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            BODY_TEMPLATE,
            {"strategy": data, "for_print": False, "layout_version": LAYOUT_VERSION},
        )
        cache.set(key, html, CACHE_SECONDS)
    # Rendered by auto-escaping templates; the cache holds only what they produced.
    return mark_safe(html)
