"""Property tests for every form's validation: any text at all (NUL, lone surrogates,
100,000 characters, numbers of thousands of digits, ambiguous numbers) in any field
gives a valid form or validation errors, never any other exception.

Every form class in the project is found by importing its modules, so a new form is
tested without being listed. Every field of every form (with the number questions a
case form builds from its ``SPECS``) is cleaned on its own; the forms that need nothing
but data are also validated whole (the rest are validated whole by the fuzz walk,
through their pages).
"""

import contextlib
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commissioning

HOSTILE_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc", "Nd"])),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\ud800",
            "x" * 100_000,
            "9" * 5000,
            "1e999999999",
            "-1e999999999",
            "40.000,00",
            "1,0,0,0",
            "£40,000.50",
            "15%",
            "NaN",
            "٤٠",
        ]
    ),
)


def project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(commissioning.__path__, "commissioning."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("commissioning.") and fields_of(subclass):
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def fields_of(cls: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's declared fields and the number questions it builds from ``SPECS``."""
    specs = {spec.name: spec.field() for spec in getattr(cls, "SPECS", ())}
    return {**cls.base_fields, **specs}


FORMS = project_forms()
# Forms whose whole validation needs nothing but the data (the others are built with a
# case, a user or a queryset; the fuzz walk validates them whole through their pages).
WHOLE = {"SearchForm", "SignupForm", "NameForm", "OptionNameForm", "ImportForm", "UploadForm"}


def test_the_walk_finds_the_projects_forms():
    names = {cls.__name__ for cls in FORMS}
    assert {"NeedForm", "CostsForm", "OutcomeForm", "SearchForm", "StaffLineForm"} <= names
    assert len(FORMS) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_text_in_any_field_is_valid_or_a_validation_error(cls, data):
    fields = fields_of(cls)
    values = {name: data.draw(HOSTILE_TEXT, label=name) for name in fields}
    for name, field in fields.items():
        if getattr(field, "queryset", True) is None:
            continue  # its choices are set when the form is built
        with contextlib.suppress(ValidationError):
            field.clean(field.widget.value_from_datadict(values, {}, name))
    if cls.__name__ in WHOLE and not inspect.isabstract(cls):
        try:
            form = cls(data=values)
        except TypeError:  # built with more than data: validated by the walk
            return
        form.is_valid()  # may be False; must not raise
