"""An address found by postcode from the council's gazetteer, without JavaScript: one
field for every form that asks for an address (admin-built forms, a councillor's
constituent). The journey engine's "Find address" button (``action=lookup``) keeps what
was typed and shows the page again with the addresses at that postcode."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import address_get, address_list_for_postcode
from integrations.gazetteer.postcodes import normalise_postcode


class AddressLookupWidget(forms.MultiWidget):
    """An address found by postcode without JavaScript: the postcode and a "Find address"
    button (the journey keeps what was typed and shows the page again), the addresses
    at that postcode to choose from, and the address typed in by hand instead."""

    template_name = "casework/widgets/address.html"
    parts = ("postcode", "uprn", "line1", "line2", "town")

    def __init__(self):
        text = forms.TextInput
        widgets = {
            "postcode": text(
                attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
            ),
            "uprn": forms.Select,
            "line1": text(attrs={"autocomplete": "address-line1"}),
            "line2": text(attrs={"autocomplete": "address-line2"}),
            "town": text(
                attrs={"class": "govuk-!-width-two-thirds", "autocomplete": "address-level2"}
            ),
        }
        super().__init__(widgets)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get("postcode", ""), value.get("uprn") or "", "", "", ""]
        return list(value) if value else [""] * len(self.parts)

    def get_context(self, name, value, attrs):
        value = value if isinstance(value, list | tuple) else self.decompress(value)
        typed = dict(zip(self.parts, (str(v or "").strip() for v in value), strict=False))
        try:
            postcode = normalise_postcode(typed["postcode"]) if typed["postcode"] else ""
        except ValueError:
            postcode = ""
        addresses = address_list_for_postcode(postcode=postcode) if postcode else []
        self.widgets[1].choices = [
            (
                "",
                ngettext("%(n)s address found", "%(n)s addresses found", len(addresses))
                % {"n": len(addresses)},
            )
        ] + [(str(address.uprn), address.single_line) for address in addresses]
        error = "govuk-input--error" in ((attrs or {}).get("class") or "")
        context = super().get_context(name, value, attrs)
        for part, sub in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            base = "govuk-select" if part == "uprn" else "govuk-input"
            own = self.widgets[self.parts.index(part)].attrs.get("class", "")
            sub["attrs"]["class"] = " ".join(
                c for c in (base, own, f"{base}--error" if error else "") if c
            )
            context["widget"][part] = sub
        context["widget"].update(
            looked_up=bool(typed["postcode"]),
            searched=postcode or typed["postcode"],
            addresses=addresses,
            manual=any(typed[p] for p in ("line1", "line2", "town"))
            or bool(typed["postcode"] and not addresses),
        )
        return context


class AddressField(forms.MultiValueField):
    """An address: chosen from the gazetteer by postcode (its UPRN kept with it), or typed
    in by hand. The answer is ``{"address": "4 Mill Lane, ...", "uprn": 100... or None,
    "postcode": "MB1 1AA"}``."""

    def __init__(self, *, label, **kwargs):
        self.label_text = label
        too_long = {
            "max_length": _("Each part of ‘%(q)s’ must be 100 characters or fewer") % {"q": label}
        }
        fields = [
            forms.CharField(required=False, max_length=100, error_messages=too_long)
            for _ in range(5)
        ]
        super().__init__(
            fields, widget=AddressLookupWidget(), require_all_fields=False, label=label, **kwargs
        )

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        postcode, uprn, line1, line2, town = (str(part or "").strip() for part in data_list)
        try:
            postcode = normalise_postcode(postcode)
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like MB1 1AA")) from None
        if uprn:
            address = address_get(uprn=int(uprn)) if uprn.isdigit() and len(uprn) < 19 else None
            if address is None or address.postcode != postcode:
                raise forms.ValidationError(
                    _("Select the address for ‘%(q)s’ from the list") % {"q": self.label_text}
                )
            return {"address": address.single_line, "uprn": address.uprn, "postcode": postcode}
        if line1 or line2 or town:
            if not line1 or not town:
                raise forms.ValidationError(
                    _("Enter the first line of the address and the town for ‘%(q)s’")
                    % {"q": self.label_text}
                )
            text = ", ".join(part for part in (line1, line2, town, postcode) if part)
            return {"address": text, "uprn": None, "postcode": postcode}
        raise forms.ValidationError(
            _("Select the address for ‘%(q)s’, or enter it manually") % {"q": self.label_text}
        )

    def display_value(self, value):
        return value["address"] if isinstance(value, dict) else str(value)
