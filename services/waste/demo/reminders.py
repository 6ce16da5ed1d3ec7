"""Demo bin reminders: Sam (sam@example.org) has them on for his own address, 1 Mill Lane.

Made the one way residents make them (``reminder_subscribe``); safe to load again.
Sends nothing: the evening job (18:00) reminds him before each collection.
"""

from accounts.models import User
from services.waste.actions.reminders import reminder_subscribe
from services.waste.models import PropertyRound

SAM = "sam@example.org"


def load() -> str:
    sam = User.objects.filter(email=SAM).select_related("address").first()
    if sam is None or sam.address is None:
        return "Bin reminders: no demo resident with an address, so none set up"
    if not PropertyRound.objects.filter(address=sam.address).exists():
        return "Bin reminders: no waste rounds yet, so none set up"
    reminder_subscribe(user=sam, address=sam.address)
    return f"Bin reminders: on for {SAM} at {sam.address.line1}"
