"""Every relation that could stop or outlive a deletion is decided in zvh/retention/deletion.py.
A new foreign key to a case, a referral, a person or what goes with them fails here until it
is: PROTECT needs handling, SET_NULL keeps a record that must hold no identity, and a file
field needs its stored files removed."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from zvh.cases.models import Case
from zvh.intake.models import Referral
from zvh.people.models import Person
from zvh.retention.deletion import KEPT_RELATIONS, PROTECTING_RELATIONS

# File fields and why retention removes their files, or need not.
FILE_FIELDS = {
    ("sharing.InformationItem", "attachment"): "removed with the case (deletion.case_delete)",
    ("covenants.Covenant", "document"): "a covenant names organisations, not persons",
}


def _goes_with_them() -> set[type[models.Model]]:
    """Cases, referrals and persons, and what CASCADE takes along with them."""
    seen: set[type[models.Model]] = {Case, Referral, Person}
    todo = list(seen)
    while todo:
        for relation in _reverse(todo.pop()):
            if relation.on_delete is models.CASCADE and relation.related_model not in seen:
                seen.add(relation.related_model)
                todo.append(relation.related_model)
    return seen


def _reverse(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if isinstance(field, models.ForeignObjectRel) and not field.many_to_many
    ]


def _relations(*, protecting: bool) -> set[tuple[str, str]]:
    """PROTECT and RESTRICT; or whatever else is not CASCADE (SET_NULL, SET(...), DO_NOTHING)."""
    return {
        (relation.related_model._meta.label, relation.field.name)
        for model in _goes_with_them()
        for relation in _reverse(model)
        if relation.on_delete is not models.CASCADE
        and (relation.on_delete in (models.PROTECT, models.RESTRICT)) == protecting
    }


def test_every_protecting_relation_is_handled():
    assert _relations(protecting=True) == set(PROTECTING_RELATIONS)


def test_every_relation_left_behind_is_a_decision():
    assert _relations(protecting=False) == set(KEPT_RELATIONS)


def test_every_file_field_is_accounted_for():
    fields = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    }
    assert fields == set(FILE_FIELDS)
