"""Reference data at size S, M or L for benchmarks (see workspaces.scale and bench/README.md)."""

import time

from django.core.management.base import BaseCommand

from workspaces.scale import SIZES, seed_scale


class Command(BaseCommand):
    help = "Create the reference data set of a size (S, M, L) by bulk insert: deterministic, run once per database."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="S")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (the same seed, the same data).")

    def handle(self, *args, size, seed, **options):
        started = time.perf_counter()
        ctx = seed_scale(size, seed=seed, log=self.stdout.write)
        if ctx is not None:
            self.stdout.write(self.style.SUCCESS(
                f"Size {size} ready in {time.perf_counter() - started:.0f} s: workspace “{ctx.workspace.name}” "
                f"(/w/{ctx.workspace.slug}/), {ctx.workspace.member_count} members; the demo accounts are members."))
