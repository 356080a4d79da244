"""Background tasks of the case builder (``django.tasks``; run by ``manage.py db_worker``,
or inline by the immediate backend in development and tests). Arguments are JSON."""

from django.tasks import task

from commissioning.cases import analysis_jobs, selectors
from commissioning.cases.models import Case


@task(queue_name="default")
def analyse_case_task(case_id: str) -> str:
    """Analyse and keep every analysis a case's results need (its own inputs, or each
    option's): ``analysis_jobs.analysis_keep``. A case deleted meanwhile is skipped."""
    case = Case.objects.filter(pk=int(case_id)).first()
    if case is None:
        return "deleted"
    for inputs in selectors.inputs_analysed(case):
        analysis_jobs.analysis_keep(inputs)
    return "done"
