from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "commissioning.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from commissioning.knowledge import caching

        caching.connect_invalidation()
