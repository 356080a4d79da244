from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "commissioning.documents"
    label = "documents"
    verbose_name = "Generated documents"

    def ready(self) -> None:
        from commissioning.documents import file_cleanup

        file_cleanup.connect()
