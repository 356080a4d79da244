"""Turn an admin change page into the POST data its form would send, so tests can
change one field and submit like a browser would."""

import datetime


def _serialise(name: str, value: object) -> dict:
    if value is None:
        return {name: ""}
    if isinstance(value, bool):
        return {name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {name: [str(v) for v in value]}
    if isinstance(value, datetime.date):
        return {name: value.isoformat()}
    return {name: str(value)}


def admin_form_data(response) -> dict:
    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        data.update(_serialise(form.add_prefix(name), form[name].value()))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                data.update(_serialise(subform.add_prefix(name), subform[name].value()))
    return data
