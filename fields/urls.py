from django.urls import path

from . import views

app_name = "fields"

urlpatterns = [
    path("prozesse/<int:pk>/handlungsfelder/", views.field_list, name="field_list"),
]
