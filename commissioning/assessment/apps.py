from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "commissioning.assessment"
    label = "assessment"
    verbose_name = "Self-assessment"
