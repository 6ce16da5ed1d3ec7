"""The members' area (/staff/members/): a councillor's and their support officers'
enquiries, logging one (the journey engine, ``services.members.journey``), replies,
letters, and the public cases of their wards.

Who may see what is ``casework.access`` (``require_members_area``,
``member_enquiry_for``); every change is one action.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from casework.access import member_enquiry_for, require_members_area
from casework.staff.selectors import case_timeline, staff_status_label, status_tag_class
from core.rendering import render_form
from services.members import actions, documents, selectors
from services.members.forms import LetterForm, MessageForm
from services.members.letters import letter_parts
from services.members.models import Letter


@staff_required
@require_GET
def home(request):
    require_members_area(request.user)
    cases = selectors.enquiry_list(user=request.user)
    for case in cases:
        case.staff_status = staff_status_label(case.status)
        case.tag_class = status_tag_class(case.status)
    return render_form(
        request,
        "members/home.html",
        {
            "cases": cases,
            "members": selectors.member_users_for(request.user),
            "categories_ready": bool(selectors.category_list()),
        },
    )


def _enquiry_page(request, case, *, message_form=None, status=200):
    timeline = [
        entry
        for entry in case_timeline(case)
        if entry.event.kind not in selectors.HIDDEN_FROM_MEMBERS
    ]
    return render(
        request,
        "members/enquiry.html",
        {
            "case": case,
            "enquiry": case.enquiry,
            "staff_status": staff_status_label(case.status),
            "tag_class": status_tag_class(case.status),
            "timeline": timeline,
            "attachments": list(case.attachments.all()),
            "letters": selectors.letter_list(case),
            "has_templates": bool(selectors.letter_template_list()),
            "message_form": message_form or MessageForm(),
        },
        status=status,
    )


@staff_required
@require_GET
def enquiry(request, reference):
    case = member_enquiry_for(request.user, reference)
    return _enquiry_page(request, case)


@staff_required
def enquiry_message(request, reference):
    """POST only; who may write is decided first (403 or 404 before 405)."""
    case = member_enquiry_for(request.user, reference)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _enquiry_page(request, case, message_form=form, status=400)
    actions.enquiry_message(case=case, user=request.user, message=form.cleaned_data["message"])
    messages.success(request, _("Your message has been sent to the officers"))
    return redirect("members:enquiry", reference=case.reference)


@staff_required
@require_http_methods(["GET", "POST"])
def letter(request, reference):
    """Choose a template and see the letter filled in (GET ?template=); send it (POST)."""
    case = member_enquiry_for(request.user, reference)
    templates = selectors.letter_template_list()
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = LetterForm(data, templates=templates)
    preview = None
    if form.is_bound and form.is_valid():
        preview = letter_parts(case, form.chosen())
        if request.method == "POST":
            try:
                sent = actions.letter_send(
                    case=case,
                    template=form.chosen(),
                    delivery=form.cleaned_data.get("delivery"),
                    user=request.user,
                )
            except actions.LetterRefused as refused:
                form.add_error("delivery", str(refused))
            else:
                return _letter_sent(request, case, sent)
    return render_form(
        request,
        "members/letter.html",
        {
            "case": case,
            "form": form,
            "preview": preview,
            "templates": templates,
            "email": selectors.constituent_email(case),
        },
    )


def _letter_sent(request, case, sent):
    """Say how the letter went; one for post opens to be printed."""
    if sent.delivery == Letter.Delivery.POST:
        messages.success(request, _("The letter is ready to print and post"))
        return redirect("members:letter_sent", reference=case.reference, letter_id=sent.pk)
    messages.success(request, _("The letter has been emailed to the constituent"))
    return redirect("members:enquiry", reference=case.reference)


@staff_required
@require_GET
def letter_sent(request, reference, letter_id):
    """A letter as it was sent (to print for post): the letter's own HTML document, with
    a button for its PDF above it that does not print."""
    case = member_enquiry_for(request.user, reference)
    sent = selectors.letter_for(case, letter_id)
    pdf_form = render_to_string(
        "members/includes/letter_pdf_form.html", {"case": case, "letter": sent}, request=request
    )
    html = sent.html
    opening = html.find("<body>")
    if opening == -1:
        html = pdf_form + html
    else:
        opening += len("<body>")
        html = html[:opening] + "\n" + pdf_form + html[opening:]
    return HttpResponse(html)


@staff_required
def letter_pdf(request, reference, letter_id):
    """POST only: ask for the letter as a PDF (asking again finds the same one), then on
    to the document's status page. Who may is decided first (404 before 405)."""
    case = member_enquiry_for(request.user, reference)
    sent = selectors.letter_for(case, letter_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    made = documents.letter_document_request(case=case, letter=sent)
    return redirect("documents:status", document_id=made.pk)


@staff_required
@require_GET
def wards(request):
    require_members_area(request.user)
    ward_list = list(selectors.wards_for(request.user))
    return render_form(
        request,
        "members/wards.html",
        {"wards": ward_list, "cases": selectors.ward_public_cases(wards=ward_list)},
    )
