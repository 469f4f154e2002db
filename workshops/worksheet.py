"""Paper worksheets for tables without devices: one A4 page (or more) per agenda item, with the
join QR code for those who want to switch to their phone. Rendered like the strategy document
(`pdf.py`): against a host that cannot exist, fetching only our own static files."""

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation

from fields.models import ActionField
from measures.models import Measure

from . import live
from .models import Contribution, LiveSession, Workshop
from .pdf import BASE_URL, PDF_VARIANT, StaticFilesFetcher

TEMPLATE = "live/worksheet.html"
STYLESHEET = "css/worksheet.css"
# Writing boxes per item: how many proposals a table can write down.
BOXES = {
    LiveSession.Item.VISION: 8,
    LiveSession.Item.LEITSAETZE: 3,
    LiveSession.Item.MEASURES: 4,
    LiveSession.Item.NEXT_STEPS: 6,
}


def worksheet_html(workshop: Workshop, item: str, join_url: str = "", code: str = "") -> str:
    item_view = live.AgendaItem(
        item, LiveSession.Item(item).label, live.QUESTIONS[item], live.asks_for(item), True
    )
    context = {
        "workshop": workshop,
        "item": item_view,
        "boxes": range(BOXES.get(item, 0)),
        "fields": list(
            ActionField.objects.filter(workshop=workshop)
            .order_by("position", "pk")
            .values_list("name", flat=True)
        ),
        "measures": list(
            Measure.objects.filter(workshop=workshop).order_by("rank").values_list("rank", "title")
        )
        if item == LiveSession.Item.PRIORITISATION
        else [],
        "aspects": [label for _value, label in Contribution.Aspect.choices],
        "join_url": join_url,
        "code": code,
        "qr": live.qr_svg(join_url) if join_url else "",
        "stylesheet": STYLESHEET,
        "today": timezone.localdate(),
    }
    with translation.override("de"):
        return render_to_string(TEMPLATE, context)


def worksheet_pdf(workshop: Workshop, item: str, join_url: str = "", code: str = "") -> bytes:
    html = worksheet_html(workshop, item, join_url, code)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
