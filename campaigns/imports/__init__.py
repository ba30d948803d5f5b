"""Imports of the registry (market regulation) and of insured units (insurance agency)."""

from .applying import apply_batch, build_plan, preview_batch, report_csv, write_plan
from .planning import ACTION_LABELS, CREATED, REJECTED, UNCHANGED, UPDATED, plan_insured, plan_registry
from .reading import ImportFileError, check_upload, read_table
from .starting import remap_import, restart_import, start_import

__all__ = [
    "ACTION_LABELS", "CREATED", "REJECTED", "UNCHANGED", "UPDATED", "ImportFileError", "apply_batch",
    "build_plan", "check_upload", "plan_insured", "plan_registry", "preview_batch", "read_table",
    "remap_import", "report_csv", "restart_import", "start_import", "write_plan",
]
