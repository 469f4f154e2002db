from django.urls import path

from . import (
    views,
    views_council,
    views_document,
    views_fahrplan,
    views_kommune,
    views_process,
    views_render,
)

app_name = "workshops"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kommunen/<slug:slug>/", views.kommune_detail, name="kommune_detail"),
    path(
        "kommunen/<slug:slug>/angaben/",
        views_kommune.kommune_details,
        name="kommune_details",
    ),
    path("kommunen/<slug:slug>/mitglieder/", views.membership_add, name="membership_add"),
    path(
        "kommunen/<slug:slug>/mitglieder/<int:pk>/",
        views.membership_update,
        name="membership_update",
    ),
    path(
        "kommunen/<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views.membership_delete,
        name="membership_delete",
    ),
    path("kommunen/<slug:slug>/prozesse/neu/", views.workshop_create, name="workshop_create"),
    path("prozesse/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path(
        "prozesse/<int:pk>/einstellungen/",
        views_process.workshop_settings,
        name="workshop_settings",
    ),
    path("prozesse/<int:pk>/archiv/", views_process.workshop_archive, name="workshop_archive"),
    path("prozesse/<int:pk>/loeschen/", views_process.workshop_delete, name="workshop_delete"),
    path("prozesse/<int:pk>/schritte/", views.step_nav, name="step_nav"),
    path("prozesse/<int:pk>/vision/", views.vision, name="vision"),
    path("prozesse/<int:pk>/vision/speichern/", views.vision_save, name="vision_save"),
    path("prozesse/<int:pk>/leitsaetze/", views.leitsatz_add, name="leitsatz_add"),
    path(
        "prozesse/<int:pk>/leitsaetze/<int:item_pk>/",
        views.leitsatz_update,
        name="leitsatz_update",
    ),
    path(
        "prozesse/<int:pk>/leitsaetze/<int:item_pk>/verschieben/",
        views.leitsatz_move,
        name="leitsatz_move",
    ),
    path(
        "prozesse/<int:pk>/leitsaetze/<int:item_pk>/loeschen/",
        views.leitsatz_delete,
        name="leitsatz_delete",
    ),
    path("prozesse/<int:pk>/zielbilder/", views.zielbild_add, name="zielbild_add"),
    path(
        "prozesse/<int:pk>/zielbilder/<int:item_pk>/",
        views.zielbild_update,
        name="zielbild_update",
    ),
    path(
        "prozesse/<int:pk>/zielbilder/<int:item_pk>/loeschen/",
        views.zielbild_delete,
        name="zielbild_delete",
    ),
    path("prozesse/<int:pk>/strategie/", views.strategy, name="strategy"),
    path(
        "prozesse/<int:pk>/strategie/texte/",
        views_document.document_texts,
        name="document_texts",
    ),
    path(
        "prozesse/<int:pk>/strategie/texte/<slug:name>/",
        views_document.document_text_save,
        name="document_text_save",
    ),
    path(
        "prozesse/<int:pk>/strategie/texte/<slug:name>/baustein/",
        views_document.document_text_insert,
        name="document_text_insert",
    ),
    path(
        "prozesse/<int:pk>/strategie/bezuege/",
        views_document.reference_add,
        name="reference_add",
    ),
    path(
        "prozesse/<int:pk>/strategie/bezuege/<int:item_pk>/",
        views_document.reference_update,
        name="reference_update",
    ),
    path(
        "prozesse/<int:pk>/strategie/bezuege/<int:item_pk>/loeschen/",
        views_document.reference_delete,
        name="reference_delete",
    ),
    path("prozesse/<int:pk>/fahrplan/", views_fahrplan.fahrplan, name="fahrplan"),
    path("prozesse/<int:pk>/fahrplan/neu/", views_fahrplan.next_step_add, name="next_step_add"),
    path(
        "prozesse/<int:pk>/fahrplan/baustein/",
        views_fahrplan.next_steps_from_module,
        name="next_steps_from_module",
    ),
    path(
        "prozesse/<int:pk>/fahrplan/<int:item_pk>/",
        views_fahrplan.next_step_update,
        name="next_step_update",
    ),
    path(
        "prozesse/<int:pk>/fahrplan/<int:item_pk>/loeschen/",
        views_fahrplan.next_step_delete,
        name="next_step_delete",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage/",
        views_council.council_paper,
        name="council_paper",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage/kopf/",
        views_council.council_paper_save,
        name="council_paper_save",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage/beratung/",
        views_council.council_step_add,
        name="council_step_add",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage/beratung/<int:item_pk>/",
        views_council.council_step_update,
        name="council_step_update",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage/beratung/<int:item_pk>/loeschen/",
        views_council.council_step_delete,
        name="council_step_delete",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage.docx",
        views_council.council_paper_docx,
        name="council_paper_docx",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage.pdf",
        views_render.council_pdf,
        name="council_paper_pdf",
    ),
    path("prozesse/<int:pk>/strategie.pdf", views_render.strategy_pdf, name="strategy_pdf"),
    path(
        "prozesse/<int:pk>/strategie/pdf/",
        views_render.pdf_status,
        {"kind": "strategy"},
        name="strategy_pdf_status",
    ),
    path(
        "prozesse/<int:pk>/strategie/pdf/erneut/",
        views_render.pdf_retry,
        {"kind": "strategy"},
        name="strategy_pdf_retry",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage/pdf/",
        views_render.pdf_status,
        {"kind": "council"},
        name="council_pdf_status",
    ),
    path(
        "prozesse/<int:pk>/strategie/beschlussvorlage/pdf/erneut/",
        views_render.pdf_retry,
        {"kind": "council"},
        name="council_pdf_retry",
    ),
]
