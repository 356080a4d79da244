from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "commissioning.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from commissioning.knowledge import caching, versioning

        caching.connect_invalidation()
        versioning.register_models()
