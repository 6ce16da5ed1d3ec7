from accounts.assisting import assisting_get


def assisting(request):
    """Whom an agent is helping, for the banner on every page (read only when a page asks)."""
    return {"assisting": lambda: assisting_get(request)}
