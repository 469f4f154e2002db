"""Write the catalogue as JSON: `manage.py export_catalogue -o katalog.json`.

Without `--kommune` the shared catalogue (methods, field catalogues with their measure
profiles, text modules); with `--kommune <slug>` that Kommune's own entries.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops import catalogue
from workshops.models import CatalogueImport, Kommune


class Command(BaseCommand):
    help = "Export the catalogue (methods, measure profiles, text modules) as a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the JSON file to write")
        parser.add_argument("--kommune", help="short name of a Kommune: export its own entries")
        parser.add_argument("--name", help="the catalogue's name in the file")
        parser.add_argument("--source", default="", help="who made it, e.g. an organisation")
        parser.add_argument("--licence", default="", help="for example “CC BY 4.0”")
        parser.add_argument("--catalogue-version", default="")

    def handle(self, *args, output, kommune, name, source, licence, catalogue_version, **options):
        owner = None
        if kommune:
            owner = Kommune.objects.filter(slug=kommune).first()
            if owner is None:
                raise CommandError(f"There is no Kommune with the short name “{kommune}”.")
        last = CatalogueImport.objects.first()
        data = catalogue.export(
            owner,
            name=name or (f"Eigene Einträge {owner.name}" if owner else getattr(last, "name", "")),
            source=source or (owner.name if owner else getattr(last, "name", "")),
            licence=licence,
            version=catalogue_version or (getattr(last, "version", "") if not owner else ""),
        )
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        Path(output).write_text(text, encoding="utf-8")
        profiles = sum(len(f["measures"]) for c in data["field_catalogues"] for f in c["fields"])
        self.stdout.write(
            f"{output}: {len(data['methods'])} methods, {profiles} measure profiles, "
            f"{len(data['text_modules'])} text modules."
        )
