"""Write a strategy document to a file: `manage.py export_strategy 7 --format pdf -o out.pdf`.

`--format beschlussvorlage` writes the council paper that adopts it as DOCX,
`--format beschlussvorlage-pdf` the same paper as PDF.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops import council, council_docx, pdf
from workshops.models import Workshop
from workshops.strategy import gather


class Command(BaseCommand):
    help = (
        "Export the strategy document of a strategy process as PDF or as print HTML, or the "
        "council paper that adopts it (Beschlussvorlage) as DOCX or PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop", type=int, help="id of the strategy process")
        parser.add_argument(
            "--format",
            choices=["pdf", "html", "beschlussvorlage", "beschlussvorlage-pdf"],
            default="pdf",
        )
        parser.add_argument(
            "-o",
            "--output",
            help="file to write; default: a dated file name in the current directory",
        )

    def handle(self, *args, workshop, format, output, **options):
        try:
            instance = Workshop.objects.select_related("kommune").get(pk=workshop)
        except Workshop.DoesNotExist:
            raise CommandError(f"There is no strategy process with the id {workshop}.") from None
        if format.startswith("beschlussvorlage"):
            paper = council.gather_paper(instance)
            extension = "pdf" if format.endswith("-pdf") else "docx"
            target = Path(output or council.filename(paper, extension))
            if extension == "pdf":
                target.write_bytes(pdf.render_council_pdf(paper))
            else:
                target.write_bytes(council_docx.render_docx(paper))
            self.stdout.write(str(target))
            return
        data = gather(instance)
        target = Path(output or pdf.filename(data, format))
        if format == "pdf":
            target.write_bytes(pdf.render_pdf(data))
        else:
            target.write_text(pdf.render_html(data, standalone=True), encoding="utf-8")
        self.stdout.write(str(target))
