from django.urls import path

from . import views

app_name = "fields"

urlpatterns = [
    path("prozesse/<int:pk>/handlungsfelder/", views.field_list, name="field_list"),
    path("prozesse/<int:pk>/handlungsfelder/neu/", views.field_add, name="field_add"),
    path(
        "prozesse/<int:pk>/handlungsfelder/<int:item_pk>/",
        views.field_update,
        name="field_update",
    ),
    path(
        "prozesse/<int:pk>/handlungsfelder/<int:item_pk>/baustein/",
        views.field_text_insert,
        name="field_text_insert",
    ),
    path(
        "prozesse/<int:pk>/handlungsfelder/<int:item_pk>/verschieben/",
        views.field_move,
        name="field_move",
    ),
    path(
        "prozesse/<int:pk>/handlungsfelder/<int:item_pk>/loeschen/",
        views.field_delete,
        name="field_delete",
    ),
    path(
        "prozesse/<int:pk>/handlungsfelder/katalog/<int:entry_pk>/waehlen/",
        views.catalogue_select,
        name="catalogue_select",
    ),
    path(
        "prozesse/<int:pk>/handlungsfelder/katalog/<int:entry_pk>/abwaehlen/",
        views.catalogue_deselect,
        name="catalogue_deselect",
    ),
]
