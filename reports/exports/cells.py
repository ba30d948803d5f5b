"""Cell safety for spreadsheets: text that a spreadsheet would run as a formula gets a
leading apostrophe (OWASP "CSV injection")."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row) -> list:
    return [neutralise(v) for v in row]
