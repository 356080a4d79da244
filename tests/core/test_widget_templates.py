"""The site's copies of Django's select and input widget templates (written inline for
speed, docs/PERFORMANCE.md) give exactly the markup Django's own give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [
    ("", "Choose one"),
    ("a", "Apple & pear"),
    ("Fruit <group>", [("b", "Banana"), ("c", 'Cherry "red"')]),
    (3, "Three"),
]

WIDGETS = [
    (forms.TextInput(attrs={"class": "form-control", "maxlength": "200"}), 'Tom & "Jerry"'),
    (forms.TextInput(), None),
    (forms.NumberInput(attrs={"step": "any", "required": True, "disabled": False}), 12.5),
    (forms.EmailInput(attrs={"autocomplete": "email"}), "a@example.org"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.HiddenInput(), "x<y"),
    (forms.DateInput(), "2026-12-06"),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select"}), "b"),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=CHOICES), None),
    (forms.SelectMultiple(choices=CHOICES), ["a", "c"]),
    (forms.NullBooleanSelect(), True),
]


def test_the_site_renders_widgets_through_its_own_templates():
    assert type(get_default_renderer()).__name__ == "TemplatesSetting"


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda w: type(w).__name__)
def test_each_widget_gives_djangos_own_markup(widget, value):
    attrs = {"id": "id_field", "aria-describedby": "id_field_helptext"}
    ours = widget.render("field", value, attrs=attrs, renderer=get_default_renderer())
    djangos = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())
    assert ours == djangos
    assert 'name="field"' in ours
