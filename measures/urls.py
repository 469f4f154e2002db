from django.urls import path

from .views import measures, planning, ranking

app_name = "measures"

# Goals & measures (Ziele & Maßnahmen)
urlpatterns = [
    path("prozesse/<int:pk>/massnahmen/", measures.measure_list, name="measure_list"),
]

# Prioritisation (Priorisierung)
urlpatterns += [
    path("prozesse/<int:pk>/priorisierung/", ranking.ranking, name="ranking"),
]

# In-depth planning (Vertiefung)
urlpatterns += [
    path("prozesse/<int:pk>/vertiefung/", planning.planning, name="planning"),
]
