from django.apps import AppConfig


class RenderQueueConfig(AppConfig):
    """The render queue: documents made in the background (PDFs, Word copies) and kept.
    Its label stays "documents", so its tables, migrations and URLs keep their names."""

    name = "commissioning.render_queue"
    label = "documents"
    verbose_name = "Generated documents"

    def ready(self) -> None:
        from commissioning.render_queue import file_cleanup

        file_cleanup.connect()
