from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("anmelden/", auth_views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Before the others: its polls are most of the requests during a live workshop.
    path("", include("workshops.urls_live")),
    path("", include("workshops.urls")),
    path("", include("fields.urls")),
    path("", include("measures.urls")),
]
handler404 = "workshops.errors.page_not_found"
