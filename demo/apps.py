from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo data"

    def ready(self):
        from . import checks  # noqa: F401  (registers the check that keeps demo logins out of production)
