import base64
import io
import json

import qrcode
import qrcode.image.svg
from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions, forms, selectors, step_up, tell_us_once
from accounts.access import device_for_owner, step_up_url
from accounts.decorators import signed_in_required, tier2_required
from accounts.models import SMSDevice
from core.formatting import govuk_clock
from core.rendering import render_form

DEVICE_KINDS = {"app": TOTPDevice, "email": EmailDevice, "text": SMSDevice}
SMS_ENROL_DEVICE = "sms_enrol_device"


def _posted(request):
    """Form data for a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Sign-up -----------------------------------------------------------------------


class SignupView(allauth_views.SignupView):
    """allauth's sign-up, all or nothing: no account is kept unless its code was sent.

    allauth saves the account, then sends the code; when it answers with an error
    (the e-mail could not be sent, or too many codes were asked for), the account
    it saved is undone so that the same sign-up can simply be tried again.
    """

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response


signup = SignupView.as_view()


# --- Home and details -------------------------------------------------------------


@signed_in_required
def details_name(request):
    user = request.user
    form = forms.NameForm(
        _posted(request), initial={"first_name": user.first_name, "last_name": user.last_name}
    )
    if request.method == "POST" and form.is_valid():
        actions.user_update_name(user=user, **form.cleaned_data)
        messages.success(request, _("Your name has been updated"))
        return redirect("account_home")
    return render_form(request, "accounts/form_page.html", {"form": form, "title": _("Your name")})


@signed_in_required
def details_account_type(request):
    user = request.user
    form = forms.AccountTypeForm(
        _posted(request),
        initial={"account_type": user.account_type, "organisation_name": user.organisation_name},
    )
    if request.method == "POST" and form.is_valid():
        actions.user_update_account_type(user=user, **form.cleaned_data)
        messages.success(request, _("Your account type has been updated"))
        return redirect("account_home")
    return render_form(
        request, "accounts/form_page.html", {"form": form, "title": _("Account type")}
    )


@signed_in_required
def details_phone(request):
    user = request.user
    form = forms.PhoneForm(_posted(request), initial={"phone": user.phone or ""})
    if request.method == "POST" and form.is_valid():
        actions.user_update_phone(user=user, phone=form.cleaned_data["phone"])
        messages.success(request, _("Your phone number has been updated"))
        phone = str(user.phone) if user.phone else ""
        return _offer_to_services(
            request, tell_us_once.ContactChange(kind=tell_us_once.PHONE, phone=phone)
        )
    return render_form(
        request, "accounts/form_page.html", {"form": form, "title": _("Your phone number")}
    )


def _address_change(user) -> tell_us_once.ContactChange:
    lines = list(user.address_lines)
    postcode = user.address.postcode if user.address_id else user.manual_postcode
    if lines and lines[-1] == postcode:
        lines = lines[:-1]
    return tell_us_once.ContactChange(
        kind=tell_us_once.ADDRESS, lines=tuple(lines), postcode=postcode, uprn=user.address_id
    )


def _offer_to_services(request, change) -> HttpResponse:
    """Tell us once (A5): after a change of address or phone, the page that offers it to
    the services that keep their own copy; home when none does."""
    if not tell_us_once.offers_for(user=request.user, change=change):
        tell_us_once.change_forget(request.session)
        return redirect("account_home")
    tell_us_once.change_offer(request.session, change)
    return redirect("accounts:tell_us_once")


@signed_in_required
def tell_us_once_offer(request):
    """One page: tick the services to pass the new address or phone number to."""
    change = tell_us_once.change_pending(request.session)
    offers = tell_us_once.offers_for(user=request.user, change=change)
    if not offers:
        tell_us_once.change_forget(request.session)
        return redirect("account_home")
    form = forms.TellUsOnceForm(
        _posted(request), choices=[(o.receiver.slug, o.receiver.name) for o in offers]
    )
    if request.method == "POST" and form.is_valid():
        sent = tell_us_once.tell_us_once_send(
            user=request.user, change=change, slugs=form.cleaned_data["services"]
        )
        tell_us_once.change_forget(request.session)
        if sent:
            messages.success(
                request,
                _("We have passed your change to: %(names)s")
                % {"names": ", ".join(str(r.name) for r in sent)},
            )
        return redirect("account_home")
    return render_form(
        request,
        "accounts/tell_us_once.html",
        {"form": form, "change": change, "offers": offers},
    )


@signed_in_required
def address_find(request):
    """Step 1: find by postcode (GET, so the browser's back button just works)."""
    form = forms.PostcodeForm(request.GET if "postcode" in request.GET else None)
    if form.is_bound and form.is_valid():
        postcode = form.cleaned_data["postcode"]
        addresses = selectors.address_list_for_postcode(postcode=postcode)
        if addresses:
            choose = forms.ChooseAddressForm(addresses=addresses)
            return render(
                request,
                "accounts/address_choose.html",
                {"form": choose, "postcode": postcode, "addresses": addresses},
            )
        return render(request, "accounts/address_find.html", {"form": form, "not_found": postcode})
    return render_form(request, "accounts/address_find.html", {"form": form})


@signed_in_required
@require_POST
def address_choose(request):
    postcode_form = forms.PostcodeForm(request.POST)
    if not postcode_form.is_valid():
        return redirect("accounts:address_find")
    postcode = postcode_form.cleaned_data["postcode"]
    addresses = selectors.address_list_for_postcode(postcode=postcode)
    form = forms.ChooseAddressForm(request.POST, addresses=addresses)
    if form.is_valid():
        address = selectors.address_get(uprn=form.cleaned_data["uprn"])
        actions.user_set_address(user=request.user, address=address)
        messages.success(request, _("Your address has been updated"))
        return _offer_to_services(request, _address_change(request.user))
    return render(
        request,
        "accounts/address_choose.html",
        {"form": form, "postcode": postcode, "addresses": addresses},
        status=400,
    )


@signed_in_required
def address_manual(request):
    form = forms.ManualAddressForm(
        _posted(request), initial={"postcode": request.GET.get("postcode", "")}
    )
    if request.method == "POST" and form.is_valid():
        actions.user_set_manual_address(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your address has been updated"))
        return _offer_to_services(request, _address_change(request.user))
    return render_form(request, "accounts/address_manual.html", {"form": form})


@signed_in_required
def preferences(request):
    user = request.user
    topics = [
        name
        for name, on in (
            ("case_updates", user.notify_case_updates),
            ("reminders", user.notify_reminders),
            ("news", user.notify_news),
        )
        if on
    ]
    form = forms.ContactPreferencesForm(
        _posted(request),
        user=user,
        initial={"preferred_channel": user.preferred_channel, "topics": topics},
    )
    if request.method == "POST" and form.is_valid():
        actions.user_update_preferences(user=user, **form.cleaned_data)
        messages.success(request, _("Your contact preferences have been saved"))
        return redirect("account_home")
    return render_form(request, "accounts/preferences.html", {"form": form})


# --- Security and the second factor ----------------------------------------------


@tier2_required
def security(request):
    devices = [
        (device, selectors.device_description(device), kind)
        for device in selectors.device_list(user=request.user)
        for kind, model in DEVICE_KINDS.items()
        if isinstance(device, model)
    ]
    return render(
        request,
        "accounts/security.html",
        {
            "devices": devices,
            "backup_codes_remaining": selectors.backup_codes_remaining(user=request.user),
        },
    )


def _may_enrol(request) -> str | None:
    """Adding a device needs tier 2 once the user has one; the first needs only sign-in."""
    if selectors.user_has_second_factor(user=request.user) and not request.user.is_verified():
        return step_up_url(request.get_full_path())
    return None


@signed_in_required
def verify(request):
    """Step-up: prove it is you with a second factor, then go back to ``next``.

    What each step does is ``accounts.step_up``; this parses the step posted and shows
    the page it answers with."""
    next_url = _safe_next(request, reverse("account_home"))
    devices = selectors.device_list(user=request.user)
    posted, choose_form, code_form = _step_posted(request, devices)
    answer = step_up.step_up_take(
        devices=devices,
        session=request.session,
        choose_again="choose" in request.GET,
        posted=posted,
        verify=lambda device, code: actions.device_verify(
            request=request, device=device, token=code
        ),
    )
    if answer.page == step_up.Page.DONE:
        return redirect(next_url)
    if answer.page == step_up.Page.AGAIN:
        return redirect(f"{request.path}?next={next_url}")  # which sends its code
    if answer.page == step_up.Page.SETUP:
        return render(request, "accounts/verify_setup.html", {"next": next_url})
    if answer.page == step_up.Page.CHOOSE:
        return render(
            request,
            "accounts/verify_choose.html",
            {"form": choose_form or forms.ChooseDeviceForm(devices=devices), "next": next_url},
            status=answer.status,
        )
    code_form = code_form or forms.CodeForm()
    if answer.refused:
        code_form.add_error("code", answer.refused)
    return render(
        request,
        "accounts/verify_code.html",
        {
            "form": code_form,
            "device": answer.device,
            "description": selectors.device_description(answer.device),
            "side_channel": step_up.sends_codes(answer.device),
            "code": answer.code,
            "next": next_url,
            "several": len(devices) > 1,
        },
        status=answer.status,
    )


def _step_posted(request, devices):
    """The step-up step posted (None for a GET), and the bound form of a "choose" or a
    "verify" step, shown again with its errors when it is not valid."""
    if request.method != "POST":
        return None, None, None
    step = request.POST.get("step") or ""
    if step == step_up.CHOOSE:
        form = forms.ChooseDeviceForm(request.POST, devices=devices)
        chosen = form.cleaned_data["device"] if form.is_valid() else None
        return step_up.Posted(step, device_id=chosen), form, None
    if step == step_up.VERIFY:
        form = forms.CodeForm(request.POST)
        code = form.cleaned_data["code"] if form.is_valid() else None
        return step_up.Posted(step, code=code), None, form
    return step_up.Posted(step), None, None


def _after_enrolment(request):
    messages.success(request, _("Your new way to confirm it’s you is set up"))
    if selectors.backup_codes_remaining(user=request.user) == 0:
        return redirect(
            f"{reverse('accounts:backup_codes')}?next={_safe_next(request, reverse('accounts:security'))}"
        )
    return redirect(_safe_next(request, reverse("accounts:security")))


@signed_in_required
def device_add_app(request):
    if target := _may_enrol(request):
        return redirect(target)
    device = actions.device_start_totp(user=request.user)
    form = forms.CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if actions.device_confirm(request=request, device=device, token=form.cleaned_data["code"]):
            return _after_enrolment(request)
        form.add_error("code", _("The code is not right. Check the code in your app and try again"))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    secret = _base32(device.bin_key)
    return render(
        request,
        "accounts/device_app.html",
        {
            "form": form,
            "qr_svg": buffer.getvalue().decode(),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": _safe_next(request, ""),
        },
        status=400 if form.errors else 200,
    )


def _base32(key: bytes) -> str:
    return base64.b32encode(key).decode().rstrip("=")


@signed_in_required
def device_add_email(request):
    if target := _may_enrol(request):
        return redirect(target)
    form = forms.CodeForm(request.POST if request.POST.get("step") == "verify" else None)
    device = EmailDevice.objects.filter(user=request.user, confirmed=False).first()
    code = None
    if request.POST.get("step") == "send":
        code = actions.device_start_email(user=request.user)
        if not code.failed:
            return redirect(f"{request.path}?sent=1&next={_safe_next(request, '')}")
    elif device is not None and form.is_valid():
        if actions.device_confirm(request=request, device=device, token=form.cleaned_data["code"]):
            return _after_enrolment(request)
        form.add_error(
            "code", _("The security code is not right or has expired. Check it and try again")
        )
    if code is None and device is not None and ("sent" in request.GET or form.is_bound):
        code = selectors.device_code_sent(device=device)
    return render(
        request,
        "accounts/device_email.html",
        {"form": form, "code": code, "next": _safe_next(request, "")},
        status=503 if code and code.failed else 400 if form.errors else 200,
    )


@signed_in_required
def device_add_sms(request):
    if target := _may_enrol(request):
        return redirect(target)
    form = forms.SMSDeviceForm(_posted(request), initial={"number": request.user.phone or ""})
    code = None
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        device, code = actions.device_start_sms(user=request.user, number=number)
        if device.number != number:
            form.add_error("number", _sms_wait_message(code))
        elif not code.failed:
            request.session[SMS_ENROL_DEVICE] = device.pk
            confirm = reverse("accounts:device_confirm_sms")
            return redirect(f"{confirm}?next={_safe_next(request, '')}")
    response = render_form(
        request,
        "accounts/device_sms.html",
        {
            "form": form,
            "code": code if code and code.failed else None,
            "next": _safe_next(request, ""),
        },
    )
    if code and code.failed:
        response.status_code = 503  # the text service is down: nothing was sent
    return response


def _sms_wait_message(code) -> str:
    return _(
        "We sent a code to %(to)s a moment ago. You can have a code sent to another number "
        "after %(time)s"
    ) % {"to": code.to, "time": govuk_clock(code.resend_after)}


@signed_in_required
def device_confirm_sms(request):
    if target := _may_enrol(request):
        return redirect(target)
    device = SMSDevice.objects.filter(
        user=request.user, confirmed=False, pk=request.session.get(SMS_ENROL_DEVICE)
    ).first()
    if device is None:
        return redirect("accounts:device_add_sms")
    form = forms.CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if actions.device_confirm(request=request, device=device, token=form.cleaned_data["code"]):
            request.session.pop(SMS_ENROL_DEVICE, None)
            return _after_enrolment(request)
        form.add_error(
            "code", _("The security code is not right or has expired. Check it and try again")
        )
    return render(
        request,
        "accounts/device_sms_confirm.html",
        {
            "form": form,
            "code": selectors.device_code_sent(device=device),
            "next": _safe_next(request, ""),
        },
        status=400 if form.errors else 200,
    )


@tier2_required
def device_remove(request, kind, device_id):
    model = DEVICE_KINDS.get(kind)
    if model is None:
        raise Http404
    device = device_for_owner(request.user, device_id, model=model)
    if request.method == "POST":
        actions.device_remove(user=request.user, device=device)
        messages.success(
            request,
            _("%(device)s has been removed") % {"device": selectors.device_description(device)},
        )
        return redirect("accounts:security")
    return render(
        request,
        "accounts/device_remove.html",
        {"device": device, "description": selectors.device_description(device)},
    )


@tier2_required
def backup_codes(request):
    if not selectors.user_has_second_factor(user=request.user):
        raise PermissionDenied
    if request.method == "POST":
        codes = actions.backup_codes_generate(user=request.user)
        return render(
            request,
            "accounts/backup_codes_show.html",
            {"codes": codes, "next": _safe_next(request, reverse("accounts:security"))},
        )
    return render(
        request,
        "accounts/backup_codes.html",
        {
            "remaining": selectors.backup_codes_remaining(user=request.user),
            "next": _safe_next(request, reverse("accounts:security")),
        },
    )


# --- Privacy -------------------------------------------------------------------------


@tier2_required
def data_download(request):
    data = actions.user_data_export(user=request.user)
    return render(request, "accounts/data.html", {"data": data})


@tier2_required
def data_download_json(request):
    data = actions.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-account-data.json"'
    return response


@tier2_required
def close_account(request):
    form = forms.CloseAccountForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        actions.user_close(user=request.user)
        logout(request)
        return render(request, "accounts/closed.html")
    return render(
        request, "accounts/close.html", {"form": form}, status=400 if form.errors else 200
    )


CLAIM_TRIES_PER_HOUR = 5


def _claim_tries_used_up(user) -> bool:
    """True once ``user`` has tried ``CLAIM_TRIES_PER_HOUR`` codes this hour (no guessing)."""
    key = f"accounts:claim-tries:{user.pk}"
    cache.add(key, 0, 60 * 60)
    try:
        return cache.incr(key) > CLAIM_TRIES_PER_HOUR
    except ValueError:  # expired between the two calls
        return False


@signed_in_required
def claim(request):
    """Claim the record the contact centre made for you, with the code it gave you (G2)."""
    form = forms.ClaimCodeForm(request.POST if request.method == "POST" else None)
    context = {
        "form": form,
        "title": _("Claim the record we made for you"),
        "button": _("Claim the record"),
    }
    if form.is_valid():
        if _claim_tries_used_up(request.user):
            form.add_error("code", _("You have tried too many codes. Try again in an hour"))
            return render(request, "accounts/form_page.html", context, status=429)
        claimed = actions.person_claim(user=request.user, code=form.cleaned_data["code"])
        if claimed is not None:
            messages.success(request, _("Your requests made with the council are now here"))
            return redirect("casework:list")
        form.add_error("code", _("This code is wrong or has expired. Check it, or ask us again"))
    return render_form(request, "accounts/form_page.html", context)
