"""Amounts of money the GOV.UK way: "£45", "£45.50", "£1,250"."""


def format_pence(pence: int | None) -> str:
    if pence is None:
        return ""
    pounds, rest = divmod(int(pence), 100)
    return f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"


def pounds_to_pence(text: str) -> int:
    """'£208.67', '208.67', '1,208' -> pence. ValueError for anything else."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "").removeprefix("£")
    if not cleaned or cleaned.count(".") > 1:
        raise ValueError("not an amount")
    pounds, _dot, pence = cleaned.partition(".")
    if not pounds.isdigit() or (pence and (not pence.isdigit() or len(pence) > 2)):
        raise ValueError("not an amount")
    return int(pounds) * 100 + int(pence.ljust(2, "0") if pence else 0)
