"""Write a strategy document to a file: `manage.py export_strategy 7 --format pdf -o out.pdf`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops import pdf
from workshops.models import Workshop
from workshops.strategy import gather


class Command(BaseCommand):
    help = "Export the strategy document of a strategy process as PDF or as print HTML."

    def add_arguments(self, parser):
        parser.add_argument("workshop", type=int, help="id of the strategy process")
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")
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
        data = gather(instance)
        target = Path(output or pdf.filename(data, format))
        if format == "pdf":
            target.write_bytes(pdf.render_pdf(data))
        else:
            target.write_text(pdf.render_html(data, standalone=True), encoding="utf-8")
        self.stdout.write(str(target))
