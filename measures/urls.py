from django.urls import path

from .views import catalogue, costs, measures, planning, process, ranking

app_name = "measures"

# Goals & measures (Ziele & Maßnahmen)
_measures = "prozesse/<int:pk>/massnahmen/"
urlpatterns = [
    path(_measures, measures.measure_list, name="measure_list"),
    path(f"{_measures}katalog/", catalogue.catalogue, name="catalogue"),
    path(
        f"{_measures}katalog/<int:profile_pk>/uebernehmen/",
        catalogue.catalogue_take,
        name="catalogue_take",
    ),
    path(f"{_measures}felder/<int:field_pk>/ziele/", measures.goal_add, name="goal_add"),
    path(f"{_measures}ziele/<int:item_pk>/", measures.goal_update, name="goal_update"),
    path(f"{_measures}ziele/<int:item_pk>/loeschen/", measures.goal_delete, name="goal_delete"),
    path(f"{_measures}felder/<int:field_pk>/neu/", measures.measure_add, name="measure_add"),
    path(f"{_measures}<int:item_pk>/", measures.measure_update, name="measure_update"),
    path(f"{_measures}<int:item_pk>/loeschen/", measures.measure_delete, name="measure_delete"),
]

# Prioritisation (Priorisierung)
_ranking = "prozesse/<int:pk>/priorisierung/"
urlpatterns += [
    path(_ranking, ranking.ranking, name="ranking"),
    path(f"{_ranking}festlegen/", ranking.ranking_confirm, name="ranking_confirm"),
    path(f"{_ranking}begruendet-aendern/", ranking.ranking_override, name="ranking_override"),
    path(f"{_ranking}<int:item_pk>/verschieben/", ranking.ranking_move, name="ranking_move"),
]

# In-depth planning (Vertiefung)
_plan = "prozesse/<int:pk>/vertiefung/<int:measure_pk>/"
_rows = {"stakeholder": "beteiligte", "task": "aufgaben", "milestone": "meilensteine"}
urlpatterns += [
    path("prozesse/<int:pk>/vertiefung/", planning.planning, name="planning"),
    path("prozesse/<int:pk>/kosten/", costs.cost_list, name="cost_list"),
    path("prozesse/<int:pk>/kosten/<int:item_pk>/", costs.cost_edit, name="cost_edit"),
    path("prozesse/<int:pk>/vertiefung/anzahl/", planning.plan_count, name="plan_count"),
    path(_plan, planning.plan_detail, name="plan_detail"),
    path(f"{_plan}antworten/<slug:field>/", planning.plan_answer, name="plan_answer"),
    path(f"{_plan}aus-steckbrief/", planning.plan_from_profile, name="plan_from_profile"),
    path(f"{_plan}aufgaben/<int:item_pk>/verschieben/", planning.task_move, name="task_move"),
]
for _kind, _segment in _rows.items():
    urlpatterns += [
        path(f"{_plan}{_segment}/", planning.row_add, {"kind": _kind}, name=f"{_kind}_add"),
        path(
            f"{_plan}{_segment}/<int:item_pk>/",
            planning.row_update,
            {"kind": _kind},
            name=f"{_kind}_update",
        ),
        path(
            f"{_plan}{_segment}/<int:item_pk>/loeschen/",
            planning.row_delete,
            {"kind": _kind},
            name=f"{_kind}_delete",
        ),
    ]

# The whole process: copying writes the rows of all three apps (see views/process.py)
urlpatterns += [
    path("prozesse/<int:pk>/kopieren/", process.workshop_copy, name="workshop_copy"),
]
