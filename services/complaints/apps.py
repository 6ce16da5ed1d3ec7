from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "complaints"
COMPLAINT = "complaint"
COMPLIMENT = "compliment"
TEAM = "complaints"


class ComplaintsConfig(AppConfig):
    name = "services.complaints"
    label = "complaints"
    verbose_name = _("Complaints and compliments")

    def ready(self):
        from casework.access import may_see_reports
        from casework.registry import (
            RequestTypeDefaults,
            ServiceDefinition,
            StaffPage,
            definitions,
        )
        from services.complaints.demo import load as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Complaints and compliments"),
                summary=_(
                    "Tell us when we got something wrong, so that we can put it right, or "
                    "when someone did a good job."
                ),
                start_url_name="complaints:start",
                home_panels=("complaints/includes/home_panel.html",),
                staff_pages=(
                    StaffPage(
                        _("Complaints by root cause, upheld rate and stage"),
                        "complaints_staff:report",
                        may_see_reports,
                    ),
                ),
                request_types=(
                    RequestTypeDefaults(
                        slug=COMPLAINT,
                        name=_("Make a complaint"),
                        description=_(
                            "Tell us about something we did, or did not do, that you are "
                            "unhappy with. A manager looks into it and replies to you."
                        ),
                        # The complaint's stage clocks (COMPLAINT_STAGE_WORKING_DAYS) set its
                        # dates when it is made; these are only the request type's defaults.
                        sla_days=10,
                        sla_working_days=True,
                        statutory_days=10,
                        team=TEAM,
                        notification_texts={
                            "submitted": _(
                                "We have received your complaint. We will reply by {due}."
                            ),
                            "in_progress": _("We are looking into your complaint."),
                            "resolved": _(
                                "We have answered your complaint. Read our answer, and what you "
                                "can do if you are not happy with it, on its page."
                            ),
                        },
                    ),
                    RequestTypeDefaults(
                        slug=COMPLIMENT,
                        name=_("Pay us a compliment"),
                        description=_(
                            "Tell us when someone did a good job. We pass your thanks on to "
                            "the team."
                        ),
                        sla_days=10,
                        team=TEAM,
                        notification_texts={
                            "submitted": _("Thank you for your compliment."),
                            "resolved": _(
                                "Thank you for your compliment. We have passed it on to the team."
                            ),
                        },
                    ),
                ),
            )
        )
