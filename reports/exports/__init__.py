"""Exports of the roll-up: XLSX, CSV (UTF-8 with BOM) and PDF, built from the same
builders as the dashboard so the numbers are the same."""
