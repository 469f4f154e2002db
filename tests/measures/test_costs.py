"""Implementation and cost of every measure, and the cost and financing plan."""

import dataclasses
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from measures import costs
from measures.forms import MeasureCostForm
from measures.models import Measure
from tests.factories import MeasureFactory, WorkshopFactory
from workshops import pdf
from workshops.strategy import gather


@dataclasses.dataclass
class M:
    start_year: int | None = None
    end_year: int | None = None
    one_off_cost: int | None = None
    running_cost: int | None = None
    funding_rate: int | None = None
    budgeted: bool = False


def test_one_off_costs_spread_evenly_and_add_up_exactly():
    years = costs.by_year([M(2027, 2029, 100_000, 1_000, 50)])
    assert [(y.year, y.one_off, y.funding, y.own, y.running) for y in years] == [
        (2027, 33_334, 16_667, 16_667, 0),
        (2028, 33_333, 16_667, 16_666, 0),
        (2029, 33_333, 16_666, 16_667, 0),
        (2030, 0, 0, 0, 1_000),
    ]
    assert sum(y.one_off for y in years) == 100_000
    assert sum(y.funding for y in years) == 50_000


def test_running_costs_start_after_the_end_and_run_to_the_plans_last_year():
    years = costs.by_year(
        [M(2027, 2027, 10_000, 2_000), M(2027, 2030, 40_000, 500), M(None, None, 9_999, 99)]
    )
    by_year = {y.year: y for y in years}
    assert list(by_year) == [2027, 2028, 2029, 2030, 2031]
    assert by_year[2027].running == 0
    assert [by_year[y].running for y in (2028, 2029, 2030)] == [2_000] * 3
    assert by_year[2031].running == 2_500
    # The measure without a start is not spread over years, but counted in the totals.
    assert sum(y.one_off for y in years) == 50_000
    assert costs.totals([M(one_off_cost=9_999, running_cost=99, funding_rate=33)]).funding == 3_300


def test_budget_years_split_the_burden_into_planned_and_additional():
    planned = M(2027, 2028, 20_000, 1_000, 50, budgeted=True)
    extra = M(2028, 2028, 9_000, 300)
    years = costs.budget_years([planned, extra, M(None, None, 5_000)])
    rows = [(y.costs.year, y.costs.own_total, y.planned, y.additional) for y in years]
    assert rows == [
        (2027, 5_000, 5_000, 0),
        (2028, 14_000, 5_000, 9_000),
        (2029, 1_300, 1_000, 300),
    ]
    assert costs.budget_years([M(None, None, 5_000)]) == ()


def test_funding_rounds_half_up_to_whole_euros():
    assert costs.funding_of(1, 50) == 1
    assert costs.funding_of(3, 50) == 2
    assert costs.funding_of(None, 50) == 0
    assert costs.funding_of(1_000, None) == 0


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("12500", 12_500),
        ("12.500", 12_500),
        ("12 500 €", 12_500),
        ("12.500,00", 12_500),
        ("12.500,-", 12_500),
        ("12\u202f500", 12_500),
        ("1.000.000 EUR", 1_000_000),
        ("", None),
    ],
)
@pytest.mark.django_db
def test_euro_amounts_are_read_as_people_type_them(typed, amount):
    form = MeasureCostForm({"one_off_cost": typed})
    form.is_valid()
    assert "one_off_cost" not in form.errors
    assert form.cleaned_data["one_off_cost"] == amount


@pytest.mark.parametrize(
    "typed", ["zwölf", "１２５００", "12,500.00", "-5", "1.2.3", "3000000000", "9" * 5000]
)
@pytest.mark.django_db
def test_wrong_amounts_are_refused_in_german(typed):
    form = MeasureCostForm({"one_off_cost": typed})
    assert not form.is_valid()
    assert form.errors["one_off_cost"][0].startswith("Bitte geben Sie")


@pytest.mark.parametrize("typed", ["12000,50", "12.000,5", "12.000,01", "12000.50", "12,5 €"])
@pytest.mark.django_db
def test_cents_are_refused_instead_of_rounded_away(typed):
    """The plan keeps whole euros (a PositiveIntegerField, as in a municipal budget): an amount
    with cents is refused with a word, never saved as a rounded one."""
    form = MeasureCostForm({"one_off_cost": typed, "running_cost": typed})
    assert not form.is_valid()
    for name in ("one_off_cost", "running_cost"):
        assert form.errors[name] == [
            "Bitte geben Sie volle Euro ohne Cent an, zum Beispiel 12.000 statt 12.000,50."
        ]


@pytest.mark.parametrize("typed", ["١٢٠٠٠", "１２０００", "١٢.٠٠٠ €"])
@pytest.mark.django_db
def test_digits_of_other_scripts_are_refused_with_a_word_about_them(typed):
    form = MeasureCostForm({"one_off_cost": typed})
    assert not form.is_valid()
    assert form.errors["one_off_cost"] == ["Bitte geben Sie den Betrag mit den Ziffern 0 bis 9 an."]


@pytest.mark.parametrize("typed", ["12.000 000", "1 000.000", "12.00", "12,000"])
@pytest.mark.django_db
def test_ambiguous_separators_are_refused_not_guessed(typed):
    form = MeasureCostForm({"one_off_cost": typed})
    assert not form.is_valid()
    assert "one_off_cost" in form.errors


@pytest.mark.django_db
def test_the_money_fields_say_they_take_whole_euros(facilitator_client, workshop):
    measure = MeasureFactory(workshop=workshop, action_field__workshop=workshop)
    form = facilitator_client.get(
        reverse("measures:cost_edit", args=[workshop.pk, measure.pk])
    ).context["form"]
    for name in ("one_off_cost", "running_cost"):
        assert "in vollen Euro" in str(form.fields[name].help_text)


@pytest.mark.django_db
def test_an_amount_with_cents_comes_back_as_typed_with_the_error_at_the_field(
    facilitator_client, workshop
):
    measure = MeasureFactory(workshop=workshop, action_field__workshop=workshop, one_off_cost=500)
    edit = reverse("measures:cost_edit", args=[workshop.pk, measure.pk])
    version = facilitator_client.get(edit).context["form"]["version"].value()
    response = facilitator_client.post(
        edit, {"lead": "Bauamt", "one_off_cost": "12000,50", "version": version}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="12000,50"' in page
    assert 'id="id_one_off_cost-error"' in page
    assert "Bitte geben Sie volle Euro ohne Cent an" in page
    measure.refresh_from_db()
    assert (measure.one_off_cost, measure.lead) == (500, "")


@pytest.mark.django_db
def test_a_period_needs_quarter_and_year_and_ends_after_it_starts():
    form = MeasureCostForm({"start_quarter": "3", "end_quarter": "1", "end_year": "2027"})
    assert not form.is_valid()
    assert form.errors["start_year"] == ["Bitte geben Sie Quartal und Jahr an."]
    form = MeasureCostForm(
        {"start_quarter": "3", "start_year": "2027", "end_quarter": "1", "end_year": "2027"}
    )
    assert form.errors["end_year"] == ["Das Ende liegt vor dem Beginn."]
    form = MeasureCostForm({"start_year": "1999", "start_quarter": "1"})
    assert form.errors["start_year"] == ["Bitte geben Sie ein Jahr zwischen 2000 und 2100 ein."]
    form = MeasureCostForm({"funding_rate": "101", "funding_programme": "LEADER"})
    assert "funding_rate" in form.errors
    form = MeasureCostForm({"funding_rate": "60 %"})
    assert form.errors["funding_programme"] == ["Bitte nennen Sie das Förderprogramm."]


@pytest.mark.django_db
def test_the_database_refuses_an_end_before_the_start_and_half_periods():
    measure = MeasureFactory()
    for values in (
        {"start_year": 2028, "start_quarter": 1, "end_year": 2027, "end_quarter": 4},
        {"start_year": 2028, "start_quarter": None},
        {"start_year": 2028, "start_quarter": 5},
        {"funding_rate": 120},
        {"sdg": 18},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Measure.objects.filter(pk=measure.pk).update(**values)


@pytest.mark.django_db
def test_editing_saves_and_shows_the_cost_plan(facilitator_client, workshop):
    measure = MeasureFactory(workshop=workshop, action_field__workshop=workshop)
    edit = reverse("measures:cost_edit", args=[workshop.pk, measure.pk])
    version = facilitator_client.get(edit).context["form"]["version"].value()
    response = facilitator_client.post(
        edit,
        {
            "lead": "Fachbereich 1",
            "start_quarter": "2",
            "start_year": "2027",
            "end_quarter": "1",
            "end_year": "2028",
            "one_off_cost": "24.000",
            "running_cost": "1.200 €",
            "funding_programme": "LEADER",
            "funding_rate": "65",
            "sdg": "11",
            "budgeted": "on",
            "version": version,
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.sdg, measure.budgeted) == (11, True)
    assert measure.sdg_label == "SDG 11: Nachhaltige Städte und Gemeinden"
    assert (measure.one_off_cost, measure.funding_amount, measure.own_share) == (
        24_000,
        15_600,
        8_400,
    )
    assert measure.period_label == "Q2/2027 – Q1/2028"
    page = facilitator_client.get(reverse("measures:cost_list", args=[workshop.pk]))
    text = page.content.decode()
    assert "24.000\xa0€" in text and "15.600\xa0€" in text
    assert "Bereits im Haushalt veranschlagt" in text
    assert [y.year for y in page.context["years"]] == [2027, 2028, 2029]


@pytest.mark.django_db
def test_a_wrong_entry_keeps_everything_typed(facilitator_client, workshop):
    measure = MeasureFactory(workshop=workshop, action_field__workshop=workshop)
    edit = reverse("measures:cost_edit", args=[workshop.pk, measure.pk])
    response = facilitator_client.post(
        edit, {"lead": "Bauamt", "one_off_cost": "viel", "funding_programme": "LEADER"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="viel"' in page and 'value="Bauamt"' in page
    assert "Bitte geben Sie einen Betrag in vollen Euro ein" in page
    measure.refresh_from_db()
    assert measure.lead == ""
    refused = facilitator_client.post(edit, {"sdg": "18"})
    assert 'id="id_sdg-error"' in refused.content.decode()


@pytest.mark.django_db
def test_readers_see_the_plan_but_cannot_edit(client, viewer, outsider, workshop):
    measure = MeasureFactory(workshop=workshop, action_field__workshop=workshop)
    client.force_login(viewer)
    assert client.get(reverse("measures:cost_list", args=[workshop.pk])).status_code == 200
    edit = reverse("measures:cost_edit", args=[workshop.pk, measure.pk])
    assert client.post(edit, {"lead": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("measures:cost_list", args=[workshop.pk])).status_code == 404
    assert client.post(edit, {"lead": "x"}).status_code == 404
    other = MeasureFactory(
        workshop=WorkshopFactory(), action_field__workshop__kommune=workshop.kommune
    )
    client.force_login(viewer)
    assert client.get(reverse("measures:cost_edit", args=[workshop.pk, other.pk])).status_code in (
        403,
        404,
    )


@pytest.mark.django_db
def test_the_document_has_a_summary_and_a_cost_plan(workshop):
    field_workshop = {"workshop": workshop, "action_field__workshop": workshop}
    MeasureFactory(
        **field_workshop,
        title="Bürgerportal",
        rank=1,
        lead="Bürgerbüro",
        start_year=2027,
        start_quarter=1,
        end_year=2028,
        end_quarter=4,
        one_off_cost=100_000,
        running_cost=10_000,
        funding_programme="OZG-Umsetzung",
        funding_rate=50,
        sdg=16,
    )
    MeasureFactory(**field_workshop, title="Dorf-App", rank=2, one_off_cost=7_000)
    data = gather(workshop)
    assert data.cost_plan.totals == costs.Totals(one_off=107_000, funding=50_000, running=10_000)
    assert [m.title for m in data.cost_plan.unscheduled] == ["Dorf-App"]
    reader = PdfReader(io.BytesIO(pdf.render_pdf(data)))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Kurzfassung" in text and "Kosten- und Finanzierungsplan" in text
    assert (
        "107.000 € einmalig (davon voraussichtlich 50.000 € Förderung, 57.000 € Eigenanteil)"
        in text
    )
    assert "Federführung: Bürgerbüro · Q1/2027 – Q4/2028" in text
    assert "Nachhaltigkeitsziel: SDG 16: Frieden, Gerechtigkeit" in text  # then hyphenated
    assert "Ohne Beginn und daher noch keinem Haushaltsjahr zugeordnet: Dorf-App." in text
    for year in ("2027", "2028", "2029"):
        assert year in text
