"""Find a person and open their record (G1): staff who may find people only (AD2).

Views translate; who may is ``accounts.access``; each search and look is audited by
``casework.staff.people``.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import claims
from accounts.access import person_for_staff, require_people_finder
from accounts.actions import claim_code_give, person_note_add, person_record_create
from accounts.decorators import staff_required
from accounts.forms import PersonRecordForm
from accounts.selectors import address_list_for_postcode, person_summary
from casework.staff import people
from casework.staff.forms import PersonNoteForm, PersonSearchForm
from core.rendering import render_form
from integrations.gazetteer.postcodes import normalise_postcode


@staff_required
@require_GET
def people_search(request):
    require_people_finder(request.user)
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    results = None
    if form.is_valid():
        results = people.people_search(staff=request.user, query=form.cleaned_data["q"])
    return render_form(
        request, "casework/staff/people_search.html", {"form": form, "results": results}
    )


@staff_required
@require_GET
def person_detail(request, person_id: int):
    person = person_for_staff(request.user, person_id)
    record = people.person_record(staff=request.user, person=person)
    return render(request, "casework/staff/person.html", {"record": record})


@staff_required
@require_http_methods(["GET", "POST"])
def person_note(request, person_id: int):
    person = person_for_staff(request.user, person_id)
    form = PersonNoteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        person_note_add(person=person, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Note added"))
        return redirect("staff:person", person_id=person.pk)
    return render_form(
        request,
        "casework/staff/person_note.html",
        {"form": form, "person": person, "summary": person_summary(person)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_new(request):
    """Record someone who cannot self-serve (G2): their name, and a phone number or an
    address found by postcode ("Find address" shows the postcode's addresses, no JavaScript)."""
    require_people_finder(request.user)
    data = request.POST if request.method == "POST" else None
    postcode = ""
    if data is not None:
        try:
            postcode = normalise_postcode(data.get("postcode", "")) if data.get("postcode") else ""
        except ValueError:
            postcode = ""
    addresses = address_list_for_postcode(postcode=postcode) if postcode else []
    form = PersonRecordForm(data, addresses=addresses)
    if data is not None and data.get("action") == "lookup":
        form = PersonRecordForm(initial=data.dict(), addresses=addresses)
        return render(
            request,
            "casework/staff/person_new.html",
            {"form": form, "looked_up": True, "postcode": postcode},
        )
    if form.is_valid():
        person = person_record_create(
            staff=request.user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            phone=form.cleaned_data["phone"],
            email=form.cleaned_data["email"],
            address=form.address(),
            manual_address=form.cleaned_data["manual_address"],
            manual_postcode=form.cleaned_data["postcode"],
        )
        messages.success(request, _("%(name)s is recorded") % {"name": person})
        return redirect("staff:person", person_id=person.pk)
    return render_form(
        request, "casework/staff/person_new.html", {"form": form, "postcode": postcode}
    )


@staff_required
@require_POST
def person_claim_code(request, person_id: int):
    """A one-time code the person claims their record with: shown here once, never again."""
    person = person_for_staff(request.user, person_id)
    if not claims.is_unclaimed(person):
        messages.info(request, _("This person already uses their own online account"))
        return redirect("staff:person", person_id=person.pk)
    code = claim_code_give(staff=request.user, person=person)
    return render(
        request,
        "casework/staff/person_claim_code.html",
        {
            "person": person,
            "summary": person_summary(person),
            "code": code,
            "days": claims.CODE_DAYS,
        },
    )
