"""Form widgets rendered in Python where Django's templates are the slow part.

A case builder page has close to a hundred inputs and selects with hundreds of options;
through Django's widget templates each costs a template render with nested includes,
most of the page's time (docs/PERFORMANCE.md). ``QuickWidgetRenderer`` writes the same
markup for the plain input types, the textarea and the select directly, and hands every
other template (and any option with its own template) to Django as before. The markup
is the same character for character: tests/core/test_widget_templates.py renders each
widget both ways and compares.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
INPUT_TYPES = [
    "color",
    "date",
    "datetime",
    "email",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
    "checkbox",
]


def _shown(value: Any) -> str:
    """``{{ value }}`` in a template: localised, then escaped unless already safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe."""
    text = str(value)  # "%s" formatting of one value is str()
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """Django's attrs.html: ``name="value"``, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        )
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    head = f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
    return f"{head}{shown}{_attrs(widget['attrs'])}>"


def _textarea(widget: Mapping[str, Any]) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # an option with its own template: Django renders it
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


QUICK: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUT_TYPES},
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
}


class QuickWidgetRenderer(DjangoTemplates):
    """Django's default form renderer, with the widgets in ``QUICK`` written in Python."""

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        quick = QUICK.get(template_name)
        if quick is not None and request is None:
            html = quick(context["widget"])
            if html is not None:
                # Built from escaped parts, as the template's; Django strips the
                # template's output the same way.
                return mark_safe(html.strip())
        return super().render(template_name, context, request)
