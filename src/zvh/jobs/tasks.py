"""The outbox's task. Its only argument is the message's id: the task's row (kept by the task
backend) holds no address or text."""

from __future__ import annotations

from django_tasks import task

from . import outbox


@task(queue_name="default", priority=10)
def deliver_message(message_id: str) -> str:
    return outbox.deliver(message_id)
