"""The Beschlussvorlage as a Word document (DOCX), written with python-docx.

Staff paste it into their Ratsinformationssystem, so it uses Word's own styles (Title,
Heading 1, List Number, Table Grid) and plain tables rather than layout tricks: whatever the
system's template looks like, the structure survives. The document language is German, the
table header rows repeat on every page, and links stay links.
"""

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from . import markdown
from .council import CouncilPaperData
from .text import euro

LIST_STYLES = {"bullet": "List Bullet", "number": "List Number"}


def render_docx(paper: CouncilPaperData) -> bytes:
    with translation.override("de"):
        document = _document(paper)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _document(paper: CouncilPaperData):
    strategy = paper.strategy
    document = Document()
    _set_language(document, "de-DE")
    properties = document.core_properties
    properties.title = paper.title_line
    properties.subject = _("Council paper")
    properties.author = strategy.kommune_name
    properties.language = "de-DE"
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)

    document.add_paragraph(strategy.kommune_name, style="Subtitle")
    document.add_heading(_("Council paper"), level=0)
    _header_table(document, paper)

    document.add_heading(paper.title_line, level=1)

    document.add_heading(_("Proposed resolution"), level=2)
    for proposal in paper.proposals:
        document.add_paragraph(proposal, style="List Number")

    document.add_heading(_("Facts and reasons"), level=2)
    document.add_paragraph(paper.occasion)
    if strategy.vision:
        document.add_paragraph(_("The vision of the strategy:"))
        document.add_paragraph(strategy.vision, style="Quote")
    if paper.situation.strip():
        document.add_heading(_("Starting point"), level=3)
        _markdown(document, paper.situation)
    if paper.approach.strip() or paper.participation_summary:
        document.add_heading(_("Approach and participation"), level=3)
        _markdown(document, paper.approach)
        if paper.participation_summary:
            document.add_paragraph(paper.participation_summary)

    _finance(document, paper)

    document.add_heading(_("Annexes"), level=2)
    document.add_paragraph(paper.annex)
    return document


def _header_table(document, paper: CouncilPaperData) -> None:
    rows = [
        (_("Paper no."), paper.number or "–"),
        (_("Type of paper"), _("Council paper (Beschlussvorlage)")),
        (_("Date"), date_format(paper.date, "DATE_FORMAT")),
        (_("Public"), _("yes") if paper.public else _("no (closed session)")),
        (_("Lead department"), paper.lead or "–"),
        (_("Subject"), paper.title_line),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        _bold(cells[0].paragraphs[0], label)
        cells[1].paragraphs[0].add_run(value)
    if paper.steps:
        document.add_paragraph()
        _bold(document.add_paragraph(), _("Order of deliberation"))
        steps = _table(document, [_("Body"), _("Session"), _("Role")])
        for step in paper.steps:
            session = date_format(step.date, "DATE_FORMAT") if step.date else _("not set yet")
            _row(steps, [step.body, session, step.role_label])


def _finance(document, paper: CouncilPaperData) -> None:
    document.add_heading(_("Financial effects"), level=2)
    answer = _("Yes") if paper.has_financial_effects else _("No")
    paragraph = document.add_paragraph()
    _bold(paragraph, _("Financial effects: "))
    paragraph.add_run(answer)
    if not paper.has_financial_effects:
        document.add_paragraph(_("No measure of the strategy has a cost estimate yet."))
        return
    document.add_paragraph(paper.finance_summary)
    years = paper.budget_years
    if years:
        table = _table(
            document,
            [
                _("Budget year"),
                _("One-off"),
                _("of which funding"),
                _("Running"),
                _("Burden on the budget"),
                _("of which already planned"),
                _("Additional"),
            ],
        )
        total = paper.budget_totals
        for row in (*years, total):
            label = _("Total") if row is total else str(row.costs.year)
            cells = _row(
                table,
                [
                    label,
                    euro(row.costs.one_off),
                    euro(row.costs.funding),
                    euro(row.costs.running),
                    euro(row.costs.own_total),
                    euro(row.planned),
                    euro(row.additional),
                ],
                numbers=True,
            )
            if row is total:
                for cell in cells:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        document.add_paragraph(
            _(
                "Burden on the budget: the Kommune's own share of the one-off costs plus the "
                "running costs. Already planned: measures whose costs the budget already holds."
            )
        )
    for note in (paper.unscheduled_note, paper.estimate_note):
        if note:
            document.add_paragraph(note)
    paragraph = document.add_paragraph()
    _bold(paragraph, _("Coverage: "))
    paragraph.add_run(paper.coverage_text)


def _table(document, headers: list[str]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        _bold(cell.paragraphs[0], text)
    return table


def _row(table, values: list[str], *, numbers: bool = False):
    cells = table.add_row().cells
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(value)
        if numbers and index > 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return cells


def _bold(paragraph, text: str):
    run = paragraph.add_run(text)
    run.bold = True
    return run


def _markdown(document, text: str) -> None:
    for block in markdown.blocks(text):
        if block.kind == "heading":
            # Below the section's own heading (level 3): a real heading, so the outline holds.
            document.add_heading("".join(run.text for run in block.runs), level=4)
            continue
        if block.kind in LIST_STYLES:
            style = LIST_STYLES[block.kind] + (f" {block.level + 1}" if block.level else "")
            paragraph = document.add_paragraph(style=style if block.level < 3 else None)
        elif block.kind == "quote":
            paragraph = document.add_paragraph(style="Quote")
        else:
            paragraph = document.add_paragraph()
        for run in block.runs:
            if run.href:
                _hyperlink(paragraph, run.text, run.href)
            else:
                added = paragraph.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None


def _hyperlink(paragraph, text: str, url: str) -> None:
    """A real link (w:hyperlink with an external relationship), underlined in link blue."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = paragraph.add_run(text)
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x1B, 0x2A, 0x9E)
    link.append(run._r)
    paragraph._p.append(link)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_language(document, language: str) -> None:
    """The language of every style's text, so spelling and screen readers use German."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
