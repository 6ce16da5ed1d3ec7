"""Template tags and filters for GOV.UK Frontend pages.

Loaded as a builtin (settings.TEMPLATES), so templates need no {% load %}.

Dates and times
    {{ value|govuk_date }}       14 March 2027
    {{ value|govuk_datetime }}   14 March 2027 at 2:30pm

Forms (the markup itself is in templates/forms/ and templates/includes/)
    {% error_summary form %}                       GOV.UK error summary, if form has errors
    {% page_error_summaries %}                     one for each form on the page with errors
    {% govuk_field form.email %}                   one field, like {{ form.email.as_field_group }}
    {% govuk_field form.email heading=True %}      ... with its label as the page's <h1>
    {% govuk_field form.agree hint=some_html %}    ... with another hint (may hold a link)
    {% govuk_field form.code label=_("Code") classes="govuk-input--width-10" %}

Page furniture (used by base.html)
    {% page_title %}...{% endpage_title %}   adds "Error: " when a form on the page has errors
    {% council_defaults %}                   council names from settings when the context
                                             processor did not run (a bare 500 page)
    {% keep "header" a b %}...{% endkeep %}  rendered once per worker for each value of the
                                             page's template, language, a and b (see KeepNode)
"""

import uuid

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from casework.money import format_pence
from core.formatting import govuk_clock, govuk_date, govuk_datetime
from core.forms import FIELD_TEMPLATE, error_summary_items, forms_with_errors
from portal.context_processors import council

register = template.Library()


# --- Dates, times and money -------------------------------------------------------

register.filter("govuk_date", govuk_date)
register.filter("govuk_clock", govuk_clock)
register.filter("govuk_datetime", govuk_datetime)


@register.filter
def pounds(pence):
    """Pence as money: "£45", "£45.50"."""
    return format_pence(pence)


# --- Forms ---------------------------------------------------------------------------


@register.filter
def govuk_error_items(form):
    """The error summary's list for ``form``: [{"href": "#id_email", "text": "Enter ..."}]."""
    return error_summary_items(form)


@register.simple_tag
def error_summary(form):
    """{% error_summary form %}: the same as including includes/error_summary.html."""
    return render_to_string("includes/error_summary.html", {"form": form})


@register.simple_tag(takes_context=True)
def page_error_summaries(context):
    """An error summary for each form on the page that has errors (see forms_with_errors)."""
    return mark_safe(  # noqa: S308 - rendered templates, escaped there
        "".join(
            render_to_string("includes/error_summary.html", {"form": form})
            for form in forms_with_errors(context)
        )
    )


@register.simple_tag
def govuk_field(field, **options):
    """One field as a GOV.UK form group, with options (see core.forms.field_context)."""
    return field.render(
        template_name=FIELD_TEMPLATE,
        context={"field": field, "govuk_options": options},
    )


# --- Page furniture --------------------------------------------------------------------


@register.filter
def notification_banners(messages) -> list[dict]:
    """Django messages as GOV.UK notification banners: one "success" banner for
    the successes, one standard ("important") banner for everything else."""
    success, other = [], []
    for message in messages or ():
        (success if message.level_tag == "success" else other).append(message)
    banners = []
    if success:
        banners.append({"success": True, "messages": success})
    if other:
        banners.append({"success": False, "messages": other})
    return banners


@register.filter
def is_current_page(path, href) -> bool:
    """Navigation: ``path`` is the page ``href`` or a page below it."""
    if not path or not href:
        return False
    return path == href or (href != "/" and href.endswith("/") and path.startswith(href))


def error_title_prefix(context) -> str:
    """'Error: ' when the page shows a form with errors (or sets ``page_has_errors``)."""
    if context.get("page_has_errors") or forms_with_errors(context):
        return gettext("Error:") + " "
    return ""


@register.tag
def page_title(parser, token):
    """{% page_title %}...{% endpage_title %}: the <title> text, with whitespace
    collapsed and "Error: " in front when a form on the page has errors (unless
    the title already starts with it)."""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        title = " ".join(self.nodelist.render(context).split())
        prefix = error_title_prefix(context)
        if prefix and not title.startswith(prefix.strip()):
            title = conditional_escape(prefix) + title
        return title


@register.simple_tag(takes_context=True)
def council_defaults(context):
    """Fill in the council's names when the context processor did not run."""
    if "portal_name" not in context:
        for name, value in council(None).items():
            context[name] = value
    return ""


# --- The page's furniture, rendered once per worker ----------------------------------------

KEPT_MAX = 2000  # fragments a worker keeps (a few kilobytes each) before starting again
_kept: dict[tuple, str] = {}
# Stands for the CSRF token while a fragment is rendered: each response gets its own token.
_CSRF_MARK = f"csrf-{uuid.uuid4().hex}"
NO_CSRF_TOKEN = "NOTPROVIDED"  # noqa: S105 - what Django's context processor gives without a request


_navigation: dict[tuple, tuple[tuple[str, str], ...]] = {}  # (language, prefix) -> hrefs


@receiver(setting_changed)
def _forget_kept(**kwargs):
    _kept.clear()
    _navigation.clear()


@register.tag
def keep(parser, token):
    """{% keep "name" value... %}...{% endkeep %}: see KeepNode."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% keep %} needs a name")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class KeepNode(template.Node):
    """Page furniture (the header, the footer) rendered once per worker and kept in memory.

    Every page renders the same header and footer for the same person-kind: about a
    millisecond of template work a page (translations, URL reversals, static paths,
    includes). What they show may depend only on what the key holds: the tag's values
    (e.g. signed in, staff, which navigation item is current), the page's template
    (which may override a block inside), the active language, and settings (the
    council's name, contacts and logo: any change of settings forgets every fragment).
    The CSRF token in a kept fragment (the sign-out form) is each response's own. Off
    with DEBUG, so that edited templates show at once.
    """

    # Not walked when {% extends %} looks for the base template's blocks at every render
    # (the header and footer hold most of its nodes). A block inside a kept fragment
    # can still be overridden by a page (base.html's navigation, by 500.html), but it
    # has no {{ block.super }}.
    child_nodelists = ()

    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values

    def render(self, context):
        csrf_token = context.get("csrf_token")
        page = getattr(context.template, "name", None)
        if settings.DEBUG or page is None or not csrf_token or csrf_token == NO_CSRF_TOKEN:
            return self.nodelist.render(context)
        key = (page, get_language(), *(value.resolve(context) for value in self.values))
        html = _kept.get(key)
        if html is None:
            with context.push(csrf_token=_CSRF_MARK):
                html = self.nodelist.render(context)
            if len(_kept) >= KEPT_MAX:
                _kept.clear()
            _kept[key] = html
        return mark_safe(html.replace(_CSRF_MARK, str(csrf_token)))  # noqa: S308 - rendered above


@register.filter
def navigation_here(path) -> tuple[str, ...]:
    """The names of the header's navigation links that ``path`` is at or below (the
    key of a kept header: which link shows as the current page)."""
    key = (get_language(), get_script_prefix())
    hrefs = _navigation.get(key)
    if hrefs is None:
        names = ("account_login", "account_signup", "account_home", "staff_home")
        hrefs = _navigation[key] = tuple((name, reverse(name)) for name in names)
    return tuple(name for name, href in hrefs if is_current_page(path, href))
