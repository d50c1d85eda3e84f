import pytest
from django.db import DatabaseError, transaction
from zvh.audit.models import AuditEvent, Action
from zvh.audit.services import audit_record

def test_triggers_back(transactional_db):
    e = audit_record(actor=None, action=Action.LOGIN_FAILED)
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AuditEvent.objects.filter(pk=e.pk).update(request_id="x")
    assert AuditEvent.objects.count() == 1
