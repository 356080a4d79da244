from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field: forms.BoundField) -> str:
    """The id an error-summary link should jump to: the first option of a radio or
    checkbox group, else the field itself."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def at(sequence: list | tuple, index: int) -> object:
    """``{{ names|at:2 }}``: the item at a position, or "" if there is none."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""
