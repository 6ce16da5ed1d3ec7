"""Amounts of money the GOV.UK way: "£45", "£45.50", "£1,250"."""


def format_pence(pence: int | None) -> str:
    if pence is None:
        return ""
    pounds, rest = divmod(int(pence), 100)
    return f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"
