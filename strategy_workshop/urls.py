from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("anmelden/", auth_views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("workshops.urls")),
    path("", include("workshops.urls_live")),
    path("", include("fields.urls")),
    path("", include("measures.urls")),
]
handler404 = "workshops.errors.page_not_found"
