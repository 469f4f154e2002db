"""Read a catalogue file: `manage.py import_catalogue katalog.json`.

The whole file is checked first; nothing is saved when it has errors. An entry that exists with
other content is a conflict: without `--on-conflict` the command lists the conflicts and saves
nothing; `keep` keeps the existing entries, `replace` overwrites them, `add` adds the file's
entries beside them under a new key.
"""

from django.core.management.base import BaseCommand, CommandError

from workshops import catalogue
from workshops.models import Kommune


class Command(BaseCommand):
    help = "Import a catalogue JSON file (methods, measure profiles, text modules)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file to read")
        parser.add_argument(
            "--on-conflict",
            choices=[catalogue.KEEP, catalogue.REPLACE, catalogue.ADD],
            help="what to do with entries that exist with other content",
        )
        parser.add_argument("--kommune", help="short name of a Kommune: the entries become its own")

    def handle(self, *args, file, on_conflict, kommune, **options):
        owner = None
        if kommune:
            owner = Kommune.objects.filter(slug=kommune).first()
            if owner is None:
                raise CommandError(f"There is no Kommune with the short name “{kommune}”.")
        try:
            read = catalogue.read(catalogue.load(file), kommune=owner)
            conflicts = catalogue.conflicts(read)
            if conflicts and on_conflict is None:
                lines = [f"  {conflict.label}" for conflict in conflicts]
                raise CommandError(
                    f"{len(conflicts)} entries exist with other content; nothing was imported:\n"
                    + "\n".join(lines)
                    + "\nChoose --on-conflict keep, replace or add."
                )
            result = catalogue.apply(read, default=on_conflict)
        except catalogue.CatalogueError as error:
            raise CommandError("\n".join(error.problems)) from None
        self.stdout.write(
            f"{result.added} added, {result.replaced} replaced, {result.kept} kept, "
            f"{result.unchanged} unchanged."
        )
