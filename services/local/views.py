"""Find my local (public): a postcode's ward, councillors, polling station, bin days and
the council places nearest to it. One GET form, so it works without JavaScript and the
back button just works; a bad or unknown postcode is a 400 with an error summary."""

from django.views.decorators.http import require_GET

from core.rendering import render_form
from services.local import forms, selectors


@require_GET
def find(request):
    if "postcode" not in request.GET:
        postcode = request.user.address.postcode if _has_home(request.user) else ""
        form = forms.PostcodeForm(initial={"postcode": postcode})
        return render_form(request, "local/find.html", {"form": form})
    form = forms.PostcodeForm(request.GET)
    local = None
    if form.is_valid():
        local = selectors.local_for_postcode(postcode=form.cleaned_data["postcode"])
        if local is None:
            form.not_found(form.cleaned_data["postcode"])
    return render_form(request, "local/find.html", {"form": form, "local": local})


def _has_home(user) -> bool:
    return user.is_authenticated and user.address_id is not None
