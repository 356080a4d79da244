"""Background tasks (``django.tasks``), run by ``manage.py db_worker`` from the
database queue, or inline by the immediate backend in development and tests.
Arguments are JSON: ids as strings, never model instances."""

from django.tasks import task

from commissioning.render_queue import services

QUEUE = "documents"


@task(queue_name=QUEUE)
def render_document(document_id: str) -> str:
    """Render one generated document (``services.document_render``)."""
    return services.document_render(document_id=document_id)
