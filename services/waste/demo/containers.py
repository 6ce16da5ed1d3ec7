"""Demo bins and boxes residents can order, with Millbrook's prices (blank: free).

Safe to load again: a container type already there (by slug) is left as the admin has it.
"""

from services.waste.models import ContainerType, Stream

CONTAINERS = [
    # slug, name, stream, description, price in pence (None: free)
    (
        "rubbish-bin-240",
        "Rubbish bin (240 litres)",
        Stream.REFUSE,
        "A wheeled bin with a black lid, for rubbish that cannot be recycled.",
        3000,
    ),
    (
        "recycling-bin-240",
        "Recycling bin (240 litres)",
        Stream.RECYCLING,
        "A wheeled bin with a blue lid, for paper, card, cans and plastic bottles.",
        None,
    ),
    (
        "recycling-box",
        "Recycling box (55 litres)",
        Stream.RECYCLING,
        "A green box for glass bottles and jars.",
        None,
    ),
    (
        "food-caddy-kitchen",
        "Kitchen food caddy (5 litres)",
        Stream.FOOD,
        "A small caddy for your kitchen worktop.",
        None,
    ),
    (
        "food-caddy-outdoor",
        "Outdoor food caddy (23 litres)",
        Stream.FOOD,
        "A lockable caddy that the crew empty every week.",
        None,
    ),
    (
        "garden-bin-240",
        "Garden waste bin (240 litres)",
        Stream.GARDEN,
        "A wheeled bin with a brown lid. Emptied only with a garden waste subscription.",
        2000,
    ),
]


def load() -> str:
    made = 0
    for slug, name, stream, description, price in CONTAINERS:
        _container, created = ContainerType.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "stream": stream,
                "description": description,
                "price_pence": price,
            },
        )
        made += created
    return f"Bins and boxes to order: {len(CONTAINERS)} types ({made} new)"
