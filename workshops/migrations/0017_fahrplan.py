"""The Fahrplan: the agreed next steps become rows with who and by when (`NextStep`).

The lines of the former text field `Workshop.next_steps` (one step per line) become one row each,
in their order; going back joins the rows into lines again.
"""

import django.db.models.deletion
from django.db import migrations, models

TITLE_MAX = 300


def _parts(line):
    """`line` in pieces of at most TITLE_MAX characters, cut between words: nothing is lost."""
    parts, current = [], ""
    for word in line.split():
        while len(word) > TITLE_MAX:
            if current:
                parts.append(current)
                current = ""
            parts.append(word[:TITLE_MAX])
            word = word[TITLE_MAX:]
        if current and len(current) + 1 + len(word) > TITLE_MAX:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        parts.append(current)
    return parts


def lines_to_rows(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    NextStep = apps.get_model("workshops", "NextStep")
    rows = []
    for pk, text in Workshop.objects.exclude(next_steps="").values_list("pk", "next_steps"):
        lines = [" ".join(line.split()).removeprefix("- ") for line in text.splitlines()]
        titles = [part for line in lines if line for part in _parts(line)]
        for position, title in enumerate(titles, start=1):
            rows.append(NextStep(workshop_id=pk, title=title, position=position))
    NextStep.objects.bulk_create(rows)


def rows_to_lines(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    NextStep = apps.get_model("workshops", "NextStep")
    texts = {}
    rows = NextStep.objects.order_by(
        models.F("due").asc(nulls_last=True), "position", "pk"
    ).values_list("workshop_id", "title", "owner", "due")
    for workshop_id, title, owner, due in rows:
        line = " – ".join(filter(None, [title, owner, f"bis {due:%d.%m.%Y}" if due else ""]))
        texts.setdefault(workshop_id, []).append(line)
    for pk, titles in texts.items():
        Workshop.objects.filter(pk=pk).update(next_steps="\n".join(titles)[:5000])


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0016_methods_and_text_modules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="methodstep",
            name="page",
            field=models.CharField(
                blank=True,
                choices=[
                    ("vision", "Vision & guiding principles"),
                    ("fields", "Fields of action"),
                    ("measures", "Goals & measures"),
                    ("ranking", "Prioritisation"),
                    ("planning", "In-depth planning"),
                    ("fahrplan", "Fahrplan (next steps)"),
                    ("strategy", "Strategy"),
                ],
                max_length=20,
                verbose_name="page",
            ),
        ),
        migrations.CreateModel(
            name="NextStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("title", models.CharField(max_length=300, verbose_name="next step")),
                ("owner", models.CharField(blank=True, max_length=200, verbose_name="who")),
                ("due", models.DateField(blank=True, null=True, verbose_name="by when")),
                (
                    "workshop",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="workshops.workshop",
                    ),
                ),
            ],
            options={
                "verbose_name": "next step",
                "verbose_name_plural": "next steps (Fahrplan)",
                "ordering": [models.OrderBy(models.F("due"), nulls_last=True), "position", "pk"],
                "abstract": False,
            },
        ),
        migrations.RunPython(lines_to_rows, rows_to_lines),
        migrations.RemoveField(model_name="workshop", name="next_steps"),
        migrations.AlterField(
            model_name="nextstep",
            name="workshop",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="next_steps",
                to="workshops.workshop",
            ),
        ),
    ]
