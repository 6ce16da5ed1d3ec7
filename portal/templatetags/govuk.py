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
"""

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
