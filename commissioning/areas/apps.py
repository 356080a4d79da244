from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "commissioning.areas"
    label = "areas"
    verbose_name = "Areas and open data"
