from django.apps import AppConfig


class PricesConfig(AppConfig):
    name = "commissioning.prices"
    label = "prices"
    verbose_name = "Prices and deflators"
