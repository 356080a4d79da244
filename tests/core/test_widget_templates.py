"""The site's form renderer writes plain inputs, textareas and selects in Python for
speed (core/widget_rendering.py, docs/PERFORMANCE.md); each gives exactly the markup
Django's own widget templates give, and anything else still goes to those templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from commissioning.core.widget_rendering import QUICK, QuickWidgetRenderer

CHOICES = [
    ("", "Choose one"),
    ("a", "Apple & pear"),
    ("Fruit <group>", [("b", "Banana"), ("c", 'Cherry "red"')]),
    (3, 1234567),
    ("lazy", gettext_lazy("Lazy label")),
    ("safe", mark_safe("<b>Bold</b>")),
]


class OwnOption(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


WIDGETS = [
    (forms.TextInput(attrs={"class": "form-control", "maxlength": 200}), 'Tom & "Jerry"'),
    (forms.TextInput(), None),
    (forms.TextInput(), 0),
    (forms.TextInput(attrs={"data-x": mark_safe("a&amp;b")}), mark_safe("<i>")),
    (forms.NumberInput(attrs={"step": "any", "required": True, "disabled": False}), 12.5),
    (forms.EmailInput(attrs={"autocomplete": "email"}), "a@example.org"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.HiddenInput(), "x<y"),
    (forms.DateInput(), "2026-12-06"),
    (forms.URLInput(), "https://example.org/?a=1&b=2"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 3}), "Line one\n<script>two</script>"),
    (forms.Textarea(), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select"}), "b"),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=[]), None),
    (forms.SelectMultiple(choices=CHOICES), ["a", "c"]),
    (forms.NullBooleanSelect(), True),
    (OwnOption(choices=CHOICES), "a"),
    (forms.RadioSelect(choices=CHOICES), "a"),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["a"]),
    (forms.ClearableFileInput(), None),
]


def test_the_site_uses_the_quick_renderer():
    assert isinstance(get_default_renderer(), QuickWidgetRenderer)


@pytest.mark.parametrize(
    ("widget", "value"),
    WIDGETS,
    ids=lambda w: type(w).__name__ if isinstance(w, forms.Widget) else repr(w)[:20],
)
def test_each_widget_gives_djangos_own_markup(widget, value):
    attrs = {"id": "id_field", "aria-describedby": "id_field_helptext"}
    ours = widget.render("field", value, attrs=attrs, renderer=QuickWidgetRenderer())
    djangos = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())
    assert ours == djangos
    assert 'name="field"' in ours


def test_the_common_widgets_are_the_quick_ones():
    names = {"text", "number", "email", "hidden", "checkbox", "textarea", "select"}
    assert {f"django/forms/widgets/{n}.html" for n in names} <= set(QUICK)
