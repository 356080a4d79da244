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
