"""Catalogue files: the shipped catalogue, export and import round trips, conflicts, checks."""

import copy
import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import CommandError, call_command

from fields.models import CatalogueField, FieldCatalogue
from measures.models import MeasureProfile
from tests.factories import UserFactory
from workshops import catalogue
from workshops.models import CatalogueImport, Kommune, Method, TextModule

pytestmark = pytest.mark.django_db

FIELDS = {
    "digital-werkstatt": [
        "Digitale Infrastruktur",
        "Bildung und Jugend",
        "Kommunale Wirtschaft",
        "Tourismus",
        "Silberne Gesellschaft",
        "Arbeit und Soziales",
        "Kommunale Verwaltung",
        "Dorf- und Stadtentwicklung",
        "Alltagsleben",
    ],
    "smart-city": [
        "Smart Citizens",
        "Smart Administration",
        "Smart Living",
        "Smart Environment",
        "Smart Economy",
        "Smart Mobility",
    ],
}


def shipped():
    return catalogue.load(catalogue.SHIPPED)


def a_profile(data):
    return data["field_catalogues"][0]["fields"][0]["measures"][0]


def test_the_shipped_catalogue_has_at_least_four_profiles_per_field_and_theme():
    for slug, names in FIELDS.items():
        for name in names:
            field = CatalogueField.objects.get(catalogue__slug=slug, name=name)
            assert MeasureProfile.objects.filter(field=field).count() >= 4, name
    assert MeasureProfile.objects.count() >= 60
    assert MeasureProfile.objects.filter(kommune=None).exclude(result="").count() >= 60
    assert TextModule.objects.count() >= 12
    assert CatalogueImport.objects.filter(name="Strategiewerkstatt-Grundkatalog").count() == 1


def changed_in_the_admin(entry):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    LogEntry.objects.log_actions(admin.pk, [entry], CHANGE, single_object=True)


def test_installing_the_shipped_catalogue_again_changes_nothing_and_keeps_edits():
    MeasureProfile.objects.filter(slug=a_profile(shipped())["slug"]).update(title="Geändert")
    changed_in_the_admin(MeasureProfile.objects.get(slug=a_profile(shipped())["slug"]))
    CatalogueImport.objects.all().delete()  # as if a new version were shipped
    result = catalogue.install_shipped()
    assert result.added == 0 and result.kept == 1
    assert MeasureProfile.objects.get(slug=a_profile(shipped())["slug"]).title == "Geändert"
    assert catalogue.install_shipped() is None  # this version is installed now


def test_a_new_shipped_version_corrects_what_it_shipped_before_but_keeps_admin_edits():
    shipped_text = TextModule.objects.get(slug="vorwort-ausfuehrlich", kommune=None)
    edited_text = TextModule.objects.get(slug="vorwort-kurz", kommune=None)
    TextModule.objects.filter(pk=shipped_text.pk).update(body="Alte Fassung", version="2026.12")
    TextModule.objects.filter(pk=edited_text.pk).update(body="Unsere Fassung")
    changed_in_the_admin(edited_text)
    Method.objects.filter(slug="digital-werkstatt", kommune=None).update(field_catalogue=None)
    CatalogueImport.objects.all().delete()  # as if a new version were shipped
    catalogue.install_shipped()
    shipped_text.refresh_from_db()
    assert "Zugleich steht {die Kommune} vor Aufgaben" in shipped_text.body
    assert shipped_text.version == shipped()["version"]
    assert TextModule.objects.get(pk=edited_text.pk).body == "Unsere Fassung"
    method = Method.objects.get(slug="digital-werkstatt", kommune=None)
    assert method.field_catalogue.slug == "digital-werkstatt"


def test_a_method_names_its_field_catalogue_by_key_and_an_unknown_one_is_refused():
    exported = catalogue.export()
    werkstatt = next(m for m in exported["methods"] if m["slug"] == "digital-werkstatt")
    assert werkstatt["field_catalogue"] == "digital-werkstatt"
    werkstatt["field_catalogue"] = "gibt-es-nicht"
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.read(exported)
    assert "gibt-es-nicht" in str(refused.value)


def test_export_then_import_is_a_round_trip(tmp_path):
    out = tmp_path / "katalog.json"
    call_command("export_catalogue", "-o", str(out), stdout=io.StringIO())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "strategiewerkstatt-katalog"
    assert {"source", "licence", "version"} <= set(data)
    assert len(data["methods"]) == 4
    read = catalogue.read(data)
    assert catalogue.conflicts(read) == []
    result = catalogue.apply(read)
    assert (result.added, result.replaced, result.kept) == (0, 0, 0)
    assert result.unchanged == len(read.entries)
    # And the export of what was imported is the same file.
    again = tmp_path / "again.json"
    call_command("export_catalogue", "-o", str(again), stdout=io.StringIO())
    assert json.loads(again.read_text(encoding="utf-8")) == data


def test_a_changed_entry_is_a_conflict_and_nothing_is_saved_without_a_decision(tmp_path):
    data = copy.deepcopy(shipped())
    profile = a_profile(data)
    profile["title"] = "Neue Fassung"
    data["text_modules"].append(
        {"slug": "ganz-neu", "title": "Ganz neu", "target": "outlook", "body": "Text."}
    )
    path = tmp_path / "k.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="1 entries exist with other content"):
        call_command("import_catalogue", str(path))
    assert not TextModule.objects.filter(slug="ganz-neu").exists()
    assert MeasureProfile.objects.get(slug=profile["slug"]).title != "Neue Fassung"


@pytest.mark.parametrize(
    ("decision", "titles", "added"),
    [
        ("keep", {"old"}, 1),
        ("replace", {"Neue Fassung"}, 1),
        ("add", {"old", "Neue Fassung"}, 2),
    ],
)
def test_keep_replace_or_add_decides_a_conflict(decision, titles, added):
    data = copy.deepcopy(shipped())
    profile = a_profile(data)
    old = MeasureProfile.objects.get(slug=profile["slug"]).title
    profile["title"] = "Neue Fassung"
    data["text_modules"].append(
        {"slug": "ganz-neu", "title": "Ganz neu", "target": "outlook", "body": "Text."}
    )
    result = catalogue.apply(catalogue.read(data), default=decision)
    assert result.added == added
    found = set(
        MeasureProfile.objects.filter(slug__startswith=profile["slug"]).values_list(
            "title", flat=True
        )
    )
    assert found == {old if t == "old" else t for t in titles}
    if decision == "add":
        assert MeasureProfile.objects.filter(slug=f"{profile['slug']}-2").exists()
    assert TextModule.objects.filter(slug="ganz-neu").exists()


def test_a_decision_per_entry(tmp_path):
    data = copy.deepcopy(shipped())
    data["methods"][0]["name"] = "Digital-Werkstatt (neu)"
    data["text_modules"][0]["body"] = "Ein neuer Text für {Kommune}."
    read = catalogue.read(data)
    keys = [c.key for c in catalogue.conflicts(read)]
    assert keys == ["method:digital-werkstatt", f"text:{data['text_modules'][0]['slug']}"]
    catalogue.apply(read, decisions={keys[0]: "replace", keys[1]: "keep"})
    assert Method.objects.get(slug="digital-werkstatt").name == "Digital-Werkstatt (neu)"
    assert TextModule.objects.get(slug=data["text_modules"][0]["slug"]).body != (
        "Ein neuer Text für {Kommune}."
    )


def test_replacing_a_method_replaces_its_steps():
    data = copy.deepcopy(shipped())
    data["methods"][0]["steps"] = data["methods"][0]["steps"][:2]
    catalogue.apply(catalogue.read(data), default="replace")
    assert Method.objects.get(slug="digital-werkstatt").steps.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="etwas"), "keine Katalogdatei"),
        (lambda d: d.update(format_version=9), "Version 9"),
        (lambda d: a_profile(d).update(effort="riesig"), "effort"),
        (lambda d: a_profile(d).update(title="x" * 201), "höchstens 200 Zeichen"),
        (lambda d: a_profile(d).update(kinds=["metropole"]), "„kinds“ ist keine gültige Liste"),
        (lambda d: a_profile(d)["plan"].update(stakeholders=[{"name": "A"}]), "stakeholders"),
        (
            lambda d: d["text_modules"][0].update(body="Hallo {Ort}"),
            "unbekannte Platzhalter {Ort}",
        ),
        (
            lambda d: d["text_modules"][0].update(body="Für {Handlungsfeld}", target="foreword"),
            "{Handlungsfeld}",
        ),
        (lambda d: d["methods"][0]["steps"][0].update(page="galaxis"), "page"),
        (lambda d: d["methods"][0]["steps"][0].update(minutes=0), "minutes"),
        (lambda d: d["methods"].append(copy.deepcopy(d["methods"][0])), "zweimal"),
        (lambda d: d.update(methods="keine Liste"), "muss eine Liste sein"),
        (lambda d: d["methods"][0]["steps"][0].update(page=None, title=None), "title"),
        (lambda d: d["methods"][0]["steps"][0].update(minutes="30"), "„minutes“ muss eine ganze"),
        (lambda d: a_profile(d).update(cost_from=""), "„cost_from“ muss eine ganze"),
        (lambda d: a_profile(d).update(cost_from=9, cost_to=1), "größer als „cost_to“"),
        (lambda d: a_profile(d).update(title={"a": 1}), "title"),
        (
            lambda d: a_profile(d)["plan"].update(
                stakeholders=[{"name": "A", "influence": [], "interest": "high"}]
            ),
            "stakeholders",
        ),
        (lambda d: d.update(name="x" * 201), "mehr als 200 Zeichen"),
        (lambda d: d.update(version="v" * 31), "mehr als 30 Zeichen"),
    ],
)
def test_a_faulty_file_is_refused_whole_with_the_reason(change, message):
    data = copy.deepcopy(shipped())
    data["text_modules"].append(
        {"slug": "ganz-neu", "title": "Ganz neu", "target": "outlook", "body": "Text."}
    )
    change(data)
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.read(data)
    assert any(message in problem for problem in refused.value.problems), refused.value.problems
    assert not TextModule.objects.filter(slug="ganz-neu").exists()


def test_a_file_with_infinity_or_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "k.json"
    path.write_text('{"format": "strategiewerkstatt-katalog", "x": Infinity}', encoding="utf-8")
    with pytest.raises(CommandError, match="Infinity"):
        call_command("import_catalogue", str(path))
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError, match="zu tief"):
        call_command("import_catalogue", str(path))


def test_adding_beside_an_entry_with_the_longest_key_finds_a_free_key():
    data = copy.deepcopy(shipped())
    module = data["text_modules"][0]
    long_slug = "t" * 60
    TextModule.objects.create(slug=long_slug, title="Alt", target="outlook", body="Alt")
    module.update(slug=long_slug, title="Neu", target="outlook", body="Neu")
    catalogue.apply(catalogue.read(data), default="add")
    added = TextModule.objects.get(title="Neu", slug__endswith="-2")
    assert len(added.slug) == 60


def test_a_kommune_cannot_add_shared_fields_with_its_own_entries(kommune):
    data = copy.deepcopy(shipped())
    data["field_catalogues"][0]["fields"][0]["name"] = "Ganz neues Feld"
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.read(data, kommune=kommune)
    assert any("Ganz neues Feld" in problem for problem in refused.value.problems)
    assert not CatalogueField.objects.filter(name="Ganz neues Feld").exists()


def test_a_file_that_is_no_json_is_refused_by_the_command(tmp_path):
    path = tmp_path / "k.json"
    path.write_text("{ kein json", encoding="utf-8")
    with pytest.raises(CommandError, match="kein gültiges JSON"):
        call_command("import_catalogue", str(path))


def test_a_kommune_imports_its_own_entries_beside_the_shared_ones(tmp_path, kommune):
    data = copy.deepcopy(shipped())
    data["methods"] = data["methods"][:1]
    data["methods"][0]["name"] = "Unsere Werkstatt"
    data["field_catalogues"][0]["fields"] = data["field_catalogues"][0]["fields"][:1]
    data["field_catalogues"] = data["field_catalogues"][:1]
    data["text_modules"] = []
    path = tmp_path / "eigen.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_catalogue", str(path), "--kommune", kommune.slug, stdout=io.StringIO())
    own = Method.objects.get(kommune=kommune)
    assert own.name == "Unsere Werkstatt" and own.slug == "digital-werkstatt"
    assert Method.objects.get(slug="digital-werkstatt", kommune=None).name == "Digital-Werkstatt"
    assert MeasureProfile.objects.filter(kommune=kommune).count() == 5
    out = tmp_path / "export.json"
    call_command(
        "export_catalogue",
        "-o",
        str(out),
        "--kommune",
        kommune.slug,
        stdout=io.StringIO(),
    )
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [m["name"] for m in exported["methods"]] == ["Unsere Werkstatt"]
    assert sum(len(f["measures"]) for c in exported["field_catalogues"] for f in c["fields"]) == 5
    assert exported["text_modules"] == []


def test_a_new_field_catalogue_comes_with_its_fields(tmp_path):
    data = {
        "format": catalogue.FORMAT,
        "format_version": 1,
        "name": "Landkreis-Katalog",
        "source": "Landkreis Beispiel",
        "licence": "CC0",
        "version": "1",
        "field_catalogues": [
            {
                "slug": "landkreis",
                "name": "Landkreis (2 Felder)",
                "fields": [
                    {"name": "Kreisstraßen", "description": "", "measures": []},
                    {"name": "Kreisschulen", "description": "Schulträger", "measures": []},
                ],
            }
        ],
    }
    catalogue.apply(catalogue.read(data))
    created = FieldCatalogue.objects.get(slug="landkreis")
    assert (created.source, created.licence, created.version) == ("Landkreis Beispiel", "CC0", "1")
    assert list(created.entries.values_list("name", flat=True)) == ["Kreisstraßen", "Kreisschulen"]


def test_private_entries_of_one_kommune_are_not_offered_to_another(kommune):
    other = Kommune.objects.create(name="Andersdorf", slug="andersdorf")
    TextModule.objects.create(
        slug="eigen", title="Eigener Baustein", target="foreword", body="x", kommune=other
    )
    assert not TextModule.objects.for_kommune(kommune).filter(slug="eigen").exists()
    assert TextModule.objects.for_kommune(other).filter(slug="eigen").exists()
