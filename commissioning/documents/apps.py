from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "commissioning.documents"
    label = "documents"
    verbose_name = "Generated documents"
