from django.db import migrations

CATALOGUES = {
    "digital-werkstatt": (
        "Digital-Werkstatt (9 Handlungsfelder)",
        [
            ("Digitale Infrastruktur", "Breitband, Mobilfunk, WLAN und Sensorik als Grundlage."),
            ("Bildung und Jugend", "Digitale Bildung in Kita, Schule und Jugendarbeit."),
            ("Kommunale Wirtschaft", "Handel, Handwerk und Betriebe im digitalen Wandel."),
            ("Tourismus", "Gäste informieren, buchen lassen und vernetzen."),
            ("Silberne Gesellschaft", "Ältere Menschen digital teilhaben lassen."),
            ("Arbeit und Soziales", "Arbeiten, Pflege und Ehrenamt digital unterstützen."),
            ("Kommunale Verwaltung", "Onlinedienste, digitale Abläufe und E-Akte."),
            ("Dorf- und Stadtentwicklung", "Ortsentwicklung, Mobilität und Energie."),
            ("Alltagsleben", "Versorgung, Vereine und Nachbarschaft im Alltag."),
        ],
    ),
    "smart-city": (
        "Smart City (6 Themen)",
        [
            ("Smart Citizens", "Beteiligung, Bildung und digitale Teilhabe der Bürgerschaft."),
            ("Smart Administration", "Digitale Verwaltung und Bürgerservices."),
            ("Smart Living", "Lebensqualität, Gesundheit und Sicherheit."),
            ("Smart Environment", "Klima, Energie und Umwelt."),
            ("Smart Economy", "Wirtschaft, Arbeit und Innovation."),
            ("Smart Mobility", "Vernetzte und nachhaltige Mobilität."),
        ],
    ),
}


def ship(apps, schema_editor):
    FieldCatalogue = apps.get_model("fields", "FieldCatalogue")
    CatalogueField = apps.get_model("fields", "CatalogueField")
    for slug, (name, entries) in CATALOGUES.items():
        catalogue, _ = FieldCatalogue.objects.update_or_create(slug=slug, defaults={"name": name})
        for position, (entry, description) in enumerate(entries, start=1):
            CatalogueField.objects.update_or_create(
                catalogue=catalogue,
                name=entry,
                defaults={"description": description, "position": position},
            )


def unship(apps, schema_editor):
    FieldCatalogue = apps.get_model("fields", "FieldCatalogue")
    FieldCatalogue.objects.filter(slug__in=CATALOGUES).delete()


class Migration(migrations.Migration):
    dependencies = [("fields", "0002_action_fields")]

    operations = [migrations.RunPython(ship, unship)]
