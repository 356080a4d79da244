from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "commissioning.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
