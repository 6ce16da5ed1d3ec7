from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from casework.registry import RequestTypeDefaults

SLUG = "members"
# The journey's own request type: its drafts are kept under it, and it is the
# category "Something else". Every category is a request type of this service,
# routed to its team (C6); admins add, rename or re-route them.
ENQUIRY_TYPE = "member-enquiry"


def _category(slug, name, team, description=""):
    return RequestTypeDefaults(
        slug=slug, name=name, description=description, team=team, sla_days=10
    )


class MembersConfig(AppConfig):
    name = "services.members"
    label = "members"
    verbose_name = _("Councillors’ enquiries")

    def ready(self):
        from casework.access import may_use_members_area
        from casework.registry import ServiceDefinition, StaffPage, definitions
        from services.members import documents

        documents.register()  # a sent letter as a PDF (in the background)

        from services.members.demo import load as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Councillors’ enquiries"),
                summary=_("Councillors log enquiries for their constituents and follow them."),
                request_types=(
                    _category(
                        "member-enquiry-highways",
                        _("Roads, pavements and street lights"),
                        "highways",
                    ),
                    _category("member-enquiry-waste", _("Bins and recycling"), "waste-services"),
                    _category(
                        "member-enquiry-environment",
                        _("Noise, pests and pollution"),
                        "environmental-health",
                    ),
                    _category(ENQUIRY_TYPE, _("Something else"), "customer-services"),
                ),
                staff_pages=(
                    StaffPage(
                        title=_("Councillors’ enquiries"),
                        url_name="members:home",
                        allowed=may_use_members_area,
                    ),
                ),
            )
        )
