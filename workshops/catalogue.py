"""Catalogues as data: methods, field catalogues with their measure profiles, text modules.

A catalogue file is JSON (`FORMAT`), so that Kommunen and consultants exchange their own:

    {"format": "strategiewerkstatt-katalog", "format_version": 1,
     "name": …, "source": …, "licence": …, "version": …,
     "methods": [{"slug", "name", "summary", "field_catalogue", "steps": [{"title", "page",
                  "live_item", "minutes", "explanation"}]}],
     "field_catalogues": [{"slug", "name", "fields": [{"name", "description",
                           "measures": [<profile>]}]}],
     "text_modules": [{"slug", "title", "target", "body"}]}

A profile holds its `slug`, `title`, `summary`, `effort`, `impact`, `timeframe`, `cost_from`,
`cost_to`, `running_cost`, `kinds`, `sizes`, `funding_hints` and under `plan` the seven core
questions. An entry may name its own `source`, `licence` and `version`; else the file's apply.

An import never overwrites silently: `read()` checks the whole file first, `conflicts()` lists
the entries that exist with other content, and `apply()` keeps, replaces or adds each of them
as decided. The shipped catalogue (`SHIPPED`) is installed after `migrate` (`install_shipped`),
once per version: a new version replaces the entries it shipped before, but never what
administrators changed in the Django admin.

Orchestration: this module imports from `fields` and `measures`.
"""

import dataclasses
import json
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils.translation import gettext as _

from fields.models import CatalogueField, FieldCatalogue
from measures.models import PLAN_ANSWERS, MeasureProfile, Stakeholder

from . import textmodules
from .models import SLUG_MAX, CatalogueImport, Method, MethodStep, TextModule

FORMAT = "strategiewerkstatt-katalog"
FORMAT_VERSION = 1
SHIPPED = Path(settings.BASE_DIR) / "catalogue" / "strategiewerkstatt.json"
MAX_BYTES = 5 * 1024 * 1024
ORIGIN = ("source", "licence", "version")
PROFILE_TEXTS = ("title", "summary", "effort", "impact", "timeframe", "funding_hints")
PROFILE_NUMBERS = ("cost_from", "cost_to", "running_cost")
PLAN_TEXTS = PLAN_ANSWERS
STEP_KEYS = ("title", "page", "live_item", "minutes", "explanation")
KEEP, REPLACE, ADD = "keep", "replace", "add"


class CatalogueError(ValueError):
    """The file is not a catalogue we can read; `problems` says why, in German."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclasses.dataclass
class Entry:
    """One method, profile or text module of a file, checked, as an unsaved model instance."""

    kind: str  # "method", "profile" or "text"
    instance: object
    steps: list = dataclasses.field(default_factory=list)  # a method's MethodSteps

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.instance.slug}"


@dataclasses.dataclass
class Catalogue:
    name: str
    version: str
    field_catalogues: list  # (FieldCatalogue, [(CatalogueField, [Entry])])
    entries: list


@dataclasses.dataclass
class Conflict:
    entry: Entry
    existing: object

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.entry.kind]} „{self.existing}“ ({self.entry.instance.slug})"


KIND_LABELS = {"method": "Methode", "profile": "Maßnahmen-Steckbrief", "text": "Textbaustein"}


@dataclasses.dataclass
class Result:
    added: int = 0
    replaced: int = 0
    kept: int = 0
    unchanged: int = 0


# --- Reading ---------------------------------------------------------------------------------


def load(path) -> dict:
    """The JSON of a catalogue file, or `CatalogueError`."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CatalogueError([_("The file is larger than 5 MB.")])
        return json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise CatalogueError([_("The file is nested too deeply.")]) from None
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError):
            raise CatalogueError(
                [_("The file is not valid JSON (line %(line)s).") % {"line": error.lineno}]
            ) from None
        raise CatalogueError([str(error)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError([_("The file cannot be read: %(error)s") % {"error": error}]) from None


def _no_constant(name):
    raise ValueError(_("The file contains “%(name)s”, which is not a number.") % {"name": name})


def read(data, kommune=None) -> Catalogue:
    """The catalogue in `data` (parsed JSON), checked entirely before anything is saved.
    `kommune`: the entries become that Kommune's own."""
    problems = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CatalogueError([_("This is not a Strategiewerkstatt catalogue file.")])
    if data.get("format_version") != FORMAT_VERSION:
        raise CatalogueError(
            [
                _("Catalogue format version %(version)s is not supported.")
                % {"version": data.get("format_version")}
            ]
        )
    defaults = {key: _text(data.get(key)) for key in ORIGIN}
    name = _text(data.get("name"))
    for key, value, limit in (
        ("name", name, CatalogueImport._meta.get_field("name").max_length),
        ("version", defaults["version"], CatalogueImport._meta.get_field("version").max_length),
    ):
        if len(value) > limit:
            problems.append(
                _("“%(key)s” of the file has more than %(limit)s characters.")
                % {"key": key, "limit": limit}
            )
    entries, field_catalogues = [], []
    for index, item in enumerate(_list(data, "methods", problems)):
        entry = _method(item, index + 1, defaults, kommune, f"methods[{index}]", problems)
        if entry:
            entries.append(entry)
    for index, item in enumerate(_list(data, "field_catalogues", problems)):
        where = f"field_catalogues[{index}]"
        catalogue = FieldCatalogue(
            slug=_text(_get(item, "slug")),
            name=_text(_get(item, "name")),
            **{key: _text(_get(item, key)) or defaults[key] for key in ORIGIN},
        )
        _check(catalogue, where, problems)
        fields = []
        for position, field_item in enumerate(_list(item, "fields", problems, where), start=1):
            field_where = f"{where}.fields[{position - 1}]"
            field = CatalogueField(
                catalogue=catalogue,
                name=_text(_get(field_item, "name")),
                description=_text(_get(field_item, "description")),
                position=position,
            )
            _check(field, field_where, problems, exclude=["catalogue"])
            if (
                kommune is not None
                and not CatalogueField.objects.filter(
                    catalogue__slug=catalogue.slug, name=field.name
                ).exists()
            ):
                # A Kommune's own entries go into the shared fields; new shared fields and
                # catalogues are the site administrators' to add.
                problems.append(
                    _("%(where)s: the field “%(name)s” is not in the shared catalogue “%(slug)s”.")
                    % {"where": field_where, "name": field.name, "slug": catalogue.slug}
                )
            profiles = []
            for number, profile in enumerate(_list(field_item, "measures", problems, field_where)):
                entry = _profile(
                    profile, field, defaults, kommune, f"{field_where}.measures[{number}]", problems
                )
                if entry:
                    profiles.append(entry)
            fields.append((field, profiles))
            entries.extend(profiles)
        field_catalogues.append((catalogue, fields))
    known = {c.slug for c, _fields in field_catalogues}
    for entry in entries:
        slug = _catalogue_slug(entry.instance) if entry.kind == "method" else ""
        if slug and slug not in known and not FieldCatalogue.objects.filter(slug=slug).exists():
            problems.append(
                _("Method “%(method)s”: there is no field catalogue “%(slug)s”.")
                % {"method": entry.instance.slug, "slug": slug}
            )
    for index, item in enumerate(_list(data, "text_modules", problems)):
        where = f"text_modules[{index}]"
        module = TextModule(
            kommune=kommune,
            slug=_text(_get(item, "slug")),
            title=_text(_get(item, "title")),
            target=_text(_get(item, "target")),
            body=_text(_get(item, "body")),
            **{key: _text(_get(item, key)) or defaults[key] for key in ORIGIN},
        )
        placeholders_ok = _placeholders(module, where, problems)
        if _check(module, where, problems) and placeholders_ok:
            entries.append(Entry("text", module))
    seen = set()
    for entry in entries:
        if entry.key in seen:
            problems.append(_("%(key)s appears twice in the file.") % {"key": entry.key})
        seen.add(entry.key)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(name, defaults["version"], field_catalogues, entries)


def _placeholders(module, where, problems) -> bool:
    """A text module may use only placeholders a process can fill where it goes."""
    unknown = textmodules.unknown_names(module.body)
    if module.target not in textmodules.FIELD_TARGETS and "{Handlungsfeld}" in module.body:
        unknown.append("Handlungsfeld")
    if unknown:
        problems.append(
            _("%(where)s: unknown placeholders %(names)s.")
            % {"where": where, "names": ", ".join(f"{{{name}}}" for name in unknown)}
        )
    return not unknown


def _method(item, position, defaults, kommune, where, problems) -> Entry | None:
    method = Method(
        kommune=kommune,
        position=position,
        slug=_text(_get(item, "slug")),
        name=_text(_get(item, "name")),
        summary=_text(_get(item, "summary")),
        **{key: _text(_get(item, key)) or defaults[key] for key in ORIGIN},
    )
    if slug := _text(_get(item, "field_catalogue")):
        method.field_catalogue = FieldCatalogue(slug=slug)  # the saved one is found on import
    ok = _check(method, where, problems, exclude=["field_catalogue"])
    steps = []
    for position, step in enumerate(_list(item, "steps", problems, where), start=1):
        step_where = f"{where}.steps[{position - 1}]"
        instance = MethodStep(
            method=method,
            position=position,
            minutes=_number(step, "minutes", step_where, problems),
            **{key: _text(_get(step, key)) for key in STEP_KEYS if key != "minutes"},
        )
        ok &= _check(instance, step_where, problems, exclude=["method"])
        steps.append(instance)
    return Entry("method", method, steps) if ok else None


def _profile(item, field, defaults, kommune, where, problems) -> Entry | None:
    plan = _get(item, "plan", {}) or {}
    if not isinstance(plan, dict):
        problems.append(_("%(where)s: “plan” must be an object.") % {"where": where})
        plan = {}
    profile = MeasureProfile(
        kommune=kommune,
        field=field,
        slug=_text(_get(item, "slug")),
        kinds=_get(item, "kinds", []),
        sizes=_get(item, "sizes", []),
        stakeholders=_get(plan, "stakeholders", []),
        tasks=_get(plan, "tasks", []),
        milestones=_get(plan, "milestones", []),
        **{key: _text(_get(item, key)) for key in PROFILE_TEXTS},
        **{key: _number(item, key, where, problems) for key in PROFILE_NUMBERS},
        **{key: _text(_get(plan, key)) for key in PLAN_TEXTS},
        **{key: _text(_get(item, key)) or defaults[key] for key in ORIGIN},
    )
    ok = _check(profile, where, problems, exclude=["field"])
    lists_ok = _profile_lists(profile, where, problems)
    if None not in (profile.cost_from, profile.cost_to) and profile.cost_from > profile.cost_to:
        problems.append(_("%(where)s: “cost_from” is larger than “cost_to”.") % {"where": where})
        ok = False
    return Entry("profile", profile) if ok and lists_ok else None


def _profile_lists(profile, where, problems) -> bool:
    kinds = {"gemeinde", "stadt", "verbandsgemeinde", "landkreis"}
    levels = set(Stakeholder.Level.values)
    checks = [
        ("kinds", all(isinstance(k, str) and k in kinds for k in _as_list(profile.kinds))),
        (
            "sizes",
            all(
                isinstance(s, str) and s in MeasureProfile.Size.values
                for s in _as_list(profile.sizes)
            ),
        ),
        ("tasks", all(_short_text(t) for t in _as_list(profile.tasks))),
        ("milestones", all(_short_text(m) for m in _as_list(profile.milestones))),
        (
            "stakeholders",
            all(
                isinstance(s, dict)
                and set(s) <= {"name", "role", "influence", "interest"}
                and _short_text(s.get("name"))
                and (not s.get("role") or _short_text(s.get("role")))
                and isinstance(s.get("influence"), str)
                and isinstance(s.get("interest"), str)
                and s.get("influence") in levels
                and s.get("interest") in levels
                for s in _as_list(profile.stakeholders)
            ),
        ),
    ]
    ok = True
    for name, valid in checks:
        if not isinstance(getattr(profile, name), list) or not valid:
            problems.append(
                _("%(where)s: “%(name)s” is not a valid list.") % {"where": where, "name": name}
            )
            ok = False
    return ok


def _number(item, key, where, problems):
    """A whole number ≥ 0 or null; anything else is a problem (and None)."""
    value = _get(item, key, None)
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    problems.append(
        _("%(where)s: “%(key)s” must be a whole number or null.") % {"where": where, "key": key}
    )
    return None


def _as_list(value):
    return value if isinstance(value, list) else []


def _short_text(value) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= 200


def _get(item, key, default=""):
    return item.get(key, default) if isinstance(item, dict) else default


def _text(value) -> str:
    """A text value; numbers are read as their digits, anything else (lists, objects) as
    empty, which the checks then report where a text is required."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _list(item, key, problems, where="") -> list:
    value = _get(item, key, [])
    if not isinstance(value, list):
        problems.append(
            _("%(where)s“%(key)s” must be a list.")
            % {"where": f"{where}: " if where else "", "key": key}
        )
        return []
    return value


def _check(instance, where, problems, exclude=None) -> bool:
    """`instance.full_clean()` without the database checks; the problems named by place."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                problems.append(f"{where}.{field}: {message}")
        return False
    return True


# --- Conflicts and import --------------------------------------------------------------------

MODELS = {"method": Method, "profile": MeasureProfile, "text": TextModule}
COMPARED = {
    "method": ("name", "summary", *ORIGIN),
    "profile": (
        *PROFILE_TEXTS,
        *PROFILE_NUMBERS,
        *PLAN_TEXTS,
        "kinds",
        "sizes",
        "stakeholders",
        "tasks",
        "milestones",
        *ORIGIN,
    ),
    "text": ("title", "target", "body", *ORIGIN),
}


def _existing(entry):
    instance = entry.instance
    return MODELS[entry.kind].objects.filter(slug=instance.slug, kommune=instance.kommune).first()


def _same(entry, existing) -> bool:
    fields = COMPARED[entry.kind]
    if any(getattr(entry.instance, f) != getattr(existing, f) for f in fields):
        return False
    if entry.kind == "profile":
        return (existing.field.catalogue.slug, existing.field.name) == (
            entry.instance.field.catalogue.slug,
            entry.instance.field.name,
        )
    if entry.kind == "method":
        steps = [_step_values(s) for s in entry.steps]
        if steps != [_step_values(s) for s in existing.steps.all()]:
            return False
        return _catalogue_slug(entry.instance) == _catalogue_slug(existing)
    return True


def _step_values(step):
    return tuple(getattr(step, key) for key in STEP_KEYS)


def _catalogue_slug(method) -> str:
    return method.field_catalogue.slug if method.field_catalogue else ""


def conflicts(catalogue: Catalogue) -> list[Conflict]:
    """The entries of `catalogue` that exist already with other content."""
    found = []
    for entry in catalogue.entries:
        existing = _existing(entry)
        if existing is not None and not _same(entry, existing):
            found.append(Conflict(entry, existing))
    return found


@transaction.atomic
def apply(catalogue: Catalogue, decisions=None, default=None) -> Result:
    """Save `catalogue`: new entries are added, unchanged ones left alone, and each conflicting
    entry kept, replaced or added beside the existing one as `decisions[key]` (else `default`)
    says. A conflict without a decision raises `CatalogueError`: nothing is saved then."""
    decisions = decisions or {}
    open_conflicts = [c for c in conflicts(catalogue) if (decisions.get(c.key) or default) is None]
    if open_conflicts:
        raise CatalogueError(
            [_("%(entry)s exists with other content.") % {"entry": c.label} for c in open_conflicts]
        )
    fields = _save_field_catalogues(catalogue)
    result = Result()
    for entry in catalogue.entries:
        if entry.kind == "profile":
            field = entry.instance.field
            entry.instance.field = fields[(field.catalogue.slug, field.name)]
        if entry.kind == "method" and entry.instance.field_catalogue:
            slug = entry.instance.field_catalogue.slug
            entry.instance.field_catalogue = FieldCatalogue.objects.get(slug=slug)
        existing = _existing(entry)
        if existing is None:
            _save(entry)
            result.added += 1
        elif _same(entry, existing):
            result.unchanged += 1
        else:
            decision = decisions.get(entry.key) or default
            if decision == KEEP:
                result.kept += 1
            elif decision == REPLACE:
                entry.instance.pk = existing.pk
                _save(entry)
                result.replaced += 1
            elif decision == ADD:
                entry.instance.slug = _free_slug(entry)
                _save(entry)
                result.added += 1
            else:
                raise CatalogueError(
                    [_("Unknown decision “%(decision)s”.") % {"decision": decision}]
                )
    CatalogueImport.objects.create(
        name=catalogue.name,
        version=catalogue.version,
        added=result.added,
        replaced=result.replaced,
        kept=result.kept,
    )
    return result


def _save_field_catalogues(catalogue) -> dict:
    """The field catalogues and their fields, created where missing; existing ones stay as they
    are. Returns the saved fields by (catalogue slug, field name)."""
    saved = {}
    for unsaved, fields in catalogue.field_catalogues:
        field_catalogue, _created = FieldCatalogue.objects.get_or_create(
            slug=unsaved.slug,
            defaults={"name": unsaved.name, **{k: getattr(unsaved, k) for k in ORIGIN}},
        )
        for field, _profiles in fields:
            saved[(unsaved.slug, field.name)], _created = CatalogueField.objects.get_or_create(
                catalogue=field_catalogue,
                name=field.name,
                defaults={"description": field.description, "position": field.position},
            )
    return saved


def _save(entry):
    entry.instance.save()
    if entry.kind == "method":
        entry.instance.steps.all().delete()
        for step in entry.steps:
            step.method = entry.instance
            step.pk = None
        MethodStep.objects.bulk_create(entry.steps)


def _free_slug(entry) -> str:
    """The entry's key with the first free number appended, within the key's 60 characters."""
    model, instance = MODELS[entry.kind], entry.instance
    taken = set(model.objects.filter(kommune=instance.kommune).values_list("slug", flat=True))
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = f"{instance.slug[: SLUG_MAX - len(suffix)]}{suffix}"
        if candidate not in taken:
            return candidate
        number += 1


# --- Export ----------------------------------------------------------------------------------


def export(kommune=None, *, name="", source="", licence="", version="") -> dict:
    """The shared catalogue (or `kommune`'s own entries) as a catalogue file's JSON."""
    methods = (
        Method.objects.filter(kommune=kommune)
        .select_related("field_catalogue")
        .prefetch_related("steps")
    )
    profiles = MeasureProfile.objects.filter(kommune=kommune).select_related("field__catalogue")
    by_field = {}
    for profile in profiles.order_by("field__position", "title"):
        by_field.setdefault(profile.field_id, []).append(_profile_json(profile))
    field_catalogues = []
    for field_catalogue in FieldCatalogue.objects.prefetch_related("entries"):
        fields = [
            {"name": f.name, "description": f.description, "measures": by_field.get(f.pk, [])}
            for f in field_catalogue.entries.all()
        ]
        if kommune is not None:
            fields = [f for f in fields if f["measures"]]
            if not fields:
                continue
        field_catalogues.append(
            {
                "slug": field_catalogue.slug,
                "name": field_catalogue.name,
                **{key: getattr(field_catalogue, key) for key in ORIGIN},
                "fields": fields,
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": name,
        "source": source,
        "licence": licence,
        "version": version,
        "methods": [
            {
                "slug": m.slug,
                "name": m.name,
                "summary": m.summary,
                "field_catalogue": _catalogue_slug(m),
                **{key: getattr(m, key) for key in ORIGIN},
                "steps": [{key: getattr(s, key) for key in STEP_KEYS} for s in m.steps.all()],
            }
            for m in methods
        ],
        "field_catalogues": field_catalogues,
        "text_modules": [
            {
                "slug": t.slug,
                "title": t.title,
                "target": t.target,
                "body": t.body,
                **{key: getattr(t, key) for key in ORIGIN},
            }
            for t in TextModule.objects.filter(kommune=kommune)
        ],
    }


def _profile_json(profile) -> dict:
    return {
        "slug": profile.slug,
        **{key: getattr(profile, key) for key in PROFILE_TEXTS},
        **{key: getattr(profile, key) for key in PROFILE_NUMBERS},
        "kinds": profile.kinds,
        "sizes": profile.sizes,
        **{key: getattr(profile, key) for key in ORIGIN},
        "plan": {
            **{key: getattr(profile, key) for key in PLAN_TEXTS},
            "stakeholders": profile.stakeholders,
            "tasks": profile.tasks,
            "milestones": profile.milestones,
        },
    }


# --- The shipped catalogue -------------------------------------------------------------------


NEEDED_TABLES = (CatalogueImport, Method, MethodStep, TextModule, MeasureProfile, CatalogueField)


def install_shipped(using="default", **_kwargs) -> Result | None:
    """Install the shipped catalogue once per version (a `post_migrate` receiver): new entries
    are added, those it shipped before are updated (`_shipped_decisions`). Nothing happens while
    the database is migrated to a state before the catalogue's tables."""
    tables = set(connections[using].introspection.table_names())
    if not all(model._meta.db_table in tables for model in NEEDED_TABLES):
        return None
    data = load(SHIPPED)
    catalogue = read(data)
    if CatalogueImport.objects.filter(name=catalogue.name, version=catalogue.version).exists():
        return None
    try:
        return apply(catalogue, _shipped_decisions(catalogue), default=KEEP)
    except IntegrityError:
        return None  # a migrate running at the same time installed it first


def _shipped_decisions(catalogue: Catalogue) -> dict[str, str]:
    """A new version of the shipped catalogue replaces the entries it shipped before, so its
    corrections reach existing sites. Kept as they are: entries that an administrator changed
    in the Django admin (its change log says so) and entries from another catalogue file."""
    decisions = {}
    for conflict in conflicts(catalogue):
        existing = conflict.existing
        edited = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(existing), object_id=str(existing.pk)
        ).exists()
        if existing.source == conflict.entry.instance.source and not edited:
            decisions[conflict.key] = REPLACE
    return decisions
