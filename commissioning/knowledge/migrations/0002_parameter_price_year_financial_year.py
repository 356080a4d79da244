"""Parameter.price_year becomes a financial year ("2023/24") or "not known".

Until now it was a whole number, the closing calendar year of the financial year
(2024 meant 2023/24 prices), and blank both for values that are not money and for money
whose source gives no price year. Values in pounds (a unit starting "GBP") now always
carry one: the number is converted (2024 -> "2023/24"), the PSSRU 2025 manual's values
get its price year 2024/25, and any other value in pounds without one is marked "not
known", so cases warn beside it. Anything that is not money has none.
"""

from django.db import migrations, models

NOT_KNOWN = "not known"


def _label(closing_year: int) -> str:
    start = closing_year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def forwards(apps, schema_editor):
    Parameter = apps.get_model("knowledge", "Parameter")
    for parameter in Parameter.objects.all().only("pk", "key", "unit", "price_year"):
        if not parameter.unit.strip().startswith("GBP"):
            text = ""
        elif parameter.key.startswith("pssru2025_"):
            text = "2024/25"
        elif parameter.price_year:
            text = _label(parameter.price_year)
        else:
            text = NOT_KNOWN
        Parameter.objects.filter(pk=parameter.pk).update(price_year_text=text)


def backwards(apps, schema_editor):
    Parameter = apps.get_model("knowledge", "Parameter")
    for parameter in Parameter.objects.all().only("pk", "price_year_text"):
        text = parameter.price_year_text
        number = int(text[:4]) + 1 if text[:4].isdigit() else None
        Parameter.objects.filter(pk=parameter.pk).update(price_year=number)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="parameter",
            name="price_year_text",
            field=models.CharField(blank=True, default="", max_length=9),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="parameter", name="price_year"),
        migrations.RenameField(
            model_name="parameter", old_name="price_year_text", new_name="price_year"
        ),
        migrations.AlterField(
            model_name="parameter",
            name="price_year",
            field=models.CharField(
                blank=True,
                help_text="For a value in pounds: the financial year of its prices, such as "
                '2023/24, or "not known" when the source gives none (cases then warn beside '
                "it). Blank for anything that is not money.",
                max_length=9,
            ),
        ),
    ]
