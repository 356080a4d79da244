"""Load the curated content and roles. Idempotent: ``make run`` calls it every time,
and it never overwrites what curators have edited."""

import reversion
from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts.roles import roles_sync
from commissioning.areas import services as areas
from commissioning.assessment import services as assessment
from commissioning.knowledge import services as knowledge
from commissioning.knowledge.corrections import corrections_apply, shipped_corrections
from commissioning.prices import services as prices


class Command(BaseCommand):
    help = "Create staff roles and load the curated content shipped with the toolkit."

    def handle(self, *args: object, **options: object) -> None:
        created = knowledge.frameworks_load(knowledge.shipped_frameworks())
        self.stdout.write(f"Frameworks: created {sum(created.values())} rows")
        try:
            with reversion.create_revision():
                reversion.set_comment("Loaded the content shipped with the toolkit")
                summary = knowledge.bundle_apply(knowledge.shipped_bundle(), overwrite=False)
        except knowledge.BundleRejected as rejected:
            problems = "\n".join(f"  {problem}" for problem in rejected.problems)
            raise CommandError(f"The shipped content has problems:\n{problems}") from None
        self.stdout.write(f"Knowledge base: {summary}")
        corrected = corrections_apply(shipped_corrections())
        self.stdout.write(f"Corrections to content loaded earlier: {corrected}")
        for data in assessment.shipped_instruments():
            loaded = assessment.instrument_load(data)
            state = "loaded" if loaded else "already present"
            self.stdout.write(f"Questionnaire {data['code']} version {data['version']}: {state}")
        self.stdout.write(f"Area datasets: {areas.datasets_load_shipped()}")
        self.stdout.write(f"GDP deflators: {prices.series_load_shipped()}")
        counts = roles_sync()
        for name, count in counts.items():
            self.stdout.write(f"Role '{name}': {count} permissions")
