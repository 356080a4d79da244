from django.apps import AppConfig


class ServiceMapConfig(AppConfig):
    name = "commissioning.servicemap"
    label = "servicemap"
    verbose_name = "Service map"
