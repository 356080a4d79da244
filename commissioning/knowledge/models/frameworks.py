"""The Behaviour Change Wheel reference frameworks, loaded as data.

COM-B (Michie, van Stralen and West 2011), the Theoretical Domains Framework v2
(Cane, O'Connor and Michie 2012), the nine intervention functions, the seven policy
categories, the two matrices linking them, and the BCT Taxonomy v1 groups and the
techniques the content uses. Rows are identified by ``code`` and loaded by
``manage.py load_content`` from ``commissioning/knowledge/content/frameworks.json``.
"""

from django.db import models


class CodedManager(models.Manager):
    def get_by_natural_key(self, code: str) -> models.Model:
        return self.get(code=code)


class CodedModel(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = CodedManager()

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class CombComponent(CodedModel):
    """Capability, Opportunity or Motivation."""

    class Meta(CodedModel.Meta):
        verbose_name = "COM-B component"


class CombSubcomponent(CodedModel):
    """One of the six COM-B sub-components, e.g. psychological capability."""

    component = models.ForeignKey(CombComponent, on_delete=models.PROTECT, related_name="parts")
    functions = models.ManyToManyField(
        "InterventionFunction", through="CombFunctionLink", related_name="comb_subcomponents"
    )

    class Meta(CodedModel.Meta):
        verbose_name = "COM-B sub-component"


class TdfDomain(CodedModel):
    """A Theoretical Domains Framework (v2) domain and the COM-B sub-components it
    usually maps to."""

    comb = models.ManyToManyField(CombSubcomponent, related_name="tdf_domains")

    class Meta(CodedModel.Meta):
        verbose_name = "TDF domain"


class InterventionFunction(CodedModel):
    policies = models.ManyToManyField(
        "PolicyCategory", through="FunctionPolicyLink", related_name="functions"
    )

    class Meta(CodedModel.Meta):
        verbose_name = "intervention function"


class PolicyCategory(CodedModel):
    class Meta(CodedModel.Meta):
        verbose_name = "policy category"
        verbose_name_plural = "policy categories"


class CombFunctionLink(models.Model):
    """A cell of the COM-B -> intervention function matrix."""

    subcomponent = models.ForeignKey(CombSubcomponent, on_delete=models.CASCADE)
    function = models.ForeignKey(InterventionFunction, on_delete=models.CASCADE)
    added_in_2014 = models.BooleanField(
        default=False, help_text="Not in the 2011 paper; added by the 2014 guide's matrix."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subcomponent", "function"], name="one_comb_if_cell")
        ]
        verbose_name = "COM-B to intervention function link"

    def __str__(self) -> str:
        return f"{self.subcomponent} -> {self.function}"


class FunctionPolicyLink(models.Model):
    """A cell of the intervention function -> policy category matrix. The reference
    marks this matrix as to be verified against the 2014 book."""

    function = models.ForeignKey(InterventionFunction, on_delete=models.CASCADE)
    policy = models.ForeignKey(PolicyCategory, on_delete=models.CASCADE)
    verified = models.BooleanField(
        default=False, help_text="Checked against Michie, Atkins and West (2014)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["function", "policy"], name="one_if_pc_cell")
        ]
        verbose_name = "intervention function to policy category link"

    def __str__(self) -> str:
        return f"{self.function} -> {self.policy}"


class BctGroup(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = "BCT group"

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class BctTechnique(models.Model):
    """A technique from the BCT Taxonomy v1 (Michie et al. 2013), e.g. 1.1."""

    code = models.CharField(max_length=10, unique=True)
    group = models.ForeignKey(BctGroup, on_delete=models.PROTECT, related_name="techniques")
    label = models.CharField(max_length=200)
    sort_key = models.PositiveIntegerField(default=0, editable=False)

    objects = CodedManager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = "behaviour change technique"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def save(self, *args: object, **kwargs: object) -> None:
        # "1.10" sorts after "1.9": store group * 1000 + technique number.
        group, _, number = self.code.partition(".")
        self.sort_key = int(group) * 1000 + int(number or 0)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class MatrixNote(models.Model):
    """Provenance for each matrix: where it comes from and whether it is verified."""

    key = models.CharField(max_length=40, unique=True)
    note = models.TextField()
    to_be_verified = models.BooleanField(default=False)
    source_key = models.CharField(max_length=60, blank=True)

    def __str__(self) -> str:
        return self.key
