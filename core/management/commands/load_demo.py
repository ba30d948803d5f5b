from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core.db import refresh_planner_statistics

# Each step is "module:function"; the function takes (stdout, seed) and is idempotent.
DEMO_STEPS = [
    "campaigns.demo:load_reference_data",
    "core.demo:load_users",
    "cms.demo:load",
    "campaigns.demo:load",
    "cms.demo:link_home_campaign",
    "surveys.demo:load",
    "followups.demo:load",
    # 南阳市 after 东至县, from random streams of its own: 东至县's data is the same with or without it.
    "campaigns.demo_city:load",
    "surveys.demo:load_city",
    "followups.demo:load_city",
]


class Command(BaseCommand):
    help = ("Load seeded, idempotent demo data: 东至县 (townships, firms, a county campaign, responses, insured lists, "
            "follow-ups), 南阳市 (13 counties, placeholder townships, a city campaign), demo users and pages.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="random seed for generated data")

    def handle(self, *args, seed, **options):
        for step in DEMO_STEPS:
            module_name, func_name = step.split(":")
            with transaction.atomic():
                getattr(import_module(module_name), func_name)(self.stdout, seed)
        refresh_planner_statistics()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data ready"))
