"""Find a person and open their record (G1): staff who may find people only (AD2).

Views translate; who may is ``accounts.access``; each search and look is audited by
``casework.people``.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import person_for_staff, require_people_finder
from accounts.actions import person_note_add
from accounts.decorators import staff_required
from accounts.selectors import person_summary
from casework import people
from casework.staff_forms import PersonNoteForm, PersonSearchForm
from portal.rendering import render_form


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
