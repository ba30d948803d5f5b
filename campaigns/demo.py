"""Demo data for campaigns: townships now; firms, a campaign and channels later."""

from .townships import load_townships


def load_reference_data(stdout, seed: int) -> None:
    load_townships()


def load(stdout, seed: int) -> None:
    pass
