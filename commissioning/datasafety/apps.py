from django.apps import AppConfig


class DatasafetyConfig(AppConfig):
    """Backups (``export_data`` / ``import_data``), the organisations' activity log
    and people's own data (download, erasure)."""

    name = "commissioning.datasafety"
    label = "datasafety"
    verbose_name = "Data safety"

    def ready(self) -> None:
        from commissioning.datasafety import audit

        audit.connect_erasure()
