"""Emails sent by the task worker rather than by the web request that asks for them, and the
worker's recovery of tasks whose worker died."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("assure.tasks")


@task()
def email_send(*, subject: str, body: str, to: list[str], html_body: str = "", about: str = "") -> None:
    """Send one email. A mail server that fails is logged with `about` (what the email is for,
    never its contents) and the task fails; the person who asked can ask again."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("The email of %s could not be sent", about or "a task")
        raise


def stale_claims_requeue(*, backend_name: str, older_than: timedelta) -> int:
    """Put back in the queue the tasks a worker claimed longer ago than `older_than` and has not
    finished: that worker is taken to have died (killed, or its machine lost). Every task of
    Assure is safe to run again, so a slow worker's task run twice does no harm."""
    stale = DBTaskResult.objects.filter(
        backend_name=backend_name, status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - older_than
    )
    for result in stale.only("id", "task_path", "worker_ids"):
        logger.warning("Task %s (%s) lost its worker %s: queued again", result.id, result.task_path, result.worker_ids)
    return stale.update(status=TaskResultStatus.READY)
