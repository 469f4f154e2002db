from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Strategy processes")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import catalogue

        post_migrate.connect(catalogue.install_shipped, sender=self)
