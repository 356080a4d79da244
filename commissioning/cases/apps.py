from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "commissioning.cases"
    label = "cases"
    verbose_name = "Value-for-money cases"
