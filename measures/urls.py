from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("prozesse/<int:pk>/massnahmen/", views.measure_list, name="measure_list"),
    path("prozesse/<int:pk>/priorisierung/", views.ranking, name="ranking"),
    path("prozesse/<int:pk>/vertiefung/", views.planning, name="planning"),
]
