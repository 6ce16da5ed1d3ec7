"""The access matrix's entries for admin-built forms.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    # Service start pages: public, like GOV.UK's; making a request needs sign-in.
    "forms:start": Rule(why="the list of admin-built request types (making one signs in)"),
}


ADMIN_ONLY = {
    # Previewing a form is for those who build them.
    "forms_staff:preview",
    "forms_staff:preview_page",
}


def _built_form():
    from services.forms.demo import form_build, page, q

    form, _made = form_build(
        {
            "slug": "urlmap-skip",
            "name": "Apply for a skip permit",
            "description": "A skip on the road.",
            "team": "highways",
            "fee_pence": 5500,
            "pages": [
                page("When", q("Start date", "date", key="start"), q("Badge?", "yes_no", key="b")),
                page("Where", q("Address", "address", key="where"), q("Phone", "phone", key="p")),
            ],
        }
    )
    return form


def _forms_answer(user, form, step="page-1"):
    from casework.journeys.actions import journey_answer
    from services.forms.journey import JOURNEY

    data = {
        "page-1": {"start_day": "5", "start_month": "1", "start_year": "2027", "b": "Yes"},
        "page-2": {
            "where_line1": "1 Mill Lane",
            "where_town": "Millbrook",
            "where_postcode": "MB1 1AA",
            "p": "07911 123456",
        },
    }[step]
    return journey_answer(
        journey=JOURNEY,
        user=user,
        url_kwargs={"type_slug": form.request_type.slug},
        step_name=step,
        data=data,
    )


def _forms_list(user, session) -> Provided:
    return Provided({}, _built_form())


def _forms_page(user, session) -> Provided:
    form = _built_form()
    if user is not None:
        _forms_answer(user, form)
    return Provided({"type_slug": form.request_type.slug}, form)


def _forms_step(user, session) -> Provided:
    provided = _forms_page(user, session)
    return Provided({**provided.kwargs, "step_name": "page-2"}, provided.obj)


def _forms_check(user, session) -> Provided:
    provided = _forms_page(user, session)
    if user is not None:
        _forms_answer(user, provided.obj, "page-2")
    return provided


def _forms_sent(user, session) -> Provided:
    from casework import actions

    form = _built_form()
    form.request_type.fee_pence = None
    form.request_type.save()
    case = actions.case_submit(
        request_type=form.request_type, resident=user, answers={"Badge?": "Yes"}, summary="Skip"
    )
    return Provided({"type_slug": form.request_type.slug, "reference": case.reference}, case)


def _forms_preview(user, session) -> Provided:
    form = _built_form()
    return Provided({"form_id": form.pk}, form)


def _forms_preview_page(user, session) -> Provided:
    form = _built_form()
    return Provided({"form_id": form.pk, "page": 2}, form)


PROVIDERS: dict[str, Provider] = {
    "forms:start": Provider(_forms_list),
    "forms:journey": Provider(_forms_page),
    "forms:step": Provider(_forms_step),
    "forms:check": Provider(_forms_check),
    "forms:confirmation": Provider(_forms_sent, owned=True),
    "forms_staff:preview": Provider(_forms_preview),
    "forms_staff:preview_page": Provider(_forms_preview_page),
}
