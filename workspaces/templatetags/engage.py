from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import permissions, registry
from ..activity import actor_name as activity_actor_name
from ..kit.form_layout import form_layout as kit_form_layout
from ..lib.dates import format_day, format_moment
from ..lib.reversing import list_url

register = template.Library()


# --- Dates: one format everywhere, in the reader's time zone (workspaces.lib.dates) ---


@register.filter
def when(value):
    """{{ moment|when }}: "7 Dec 2026, 14:05" in the reader's time zone; a date alone as |day."""
    return format_moment(value)


@register.filter
def day(value):
    """{{ date_or_moment|day }}: "7 Dec 2026" (a moment's day in the reader's time zone)."""
    return format_day(value)



@register.filter
def actor_name(activity):
    """Whom an activity names (workspaces.activity.actor_name): "" when the schedule did it."""
    return activity_actor_name(activity)


def _failed(form):
    # Only a form already validated: asking an unchecked one for .errors would check it now.
    return form.is_bound and getattr(form, "_errors", None) is not None and bool(
        form.total_error_count() if isinstance(form, BaseFormSet) else form.errors)


def _failed_forms(context):
    # type(), not isinstance(): isinstance() on a lazy value (the bell's count) would evaluate it.
    return [value for value in context.flatten().values()
            if issubclass(type(value), (BaseForm, BaseFormSet)) and _failed(value)]


@register.simple_tag(takes_context=True)
def error_prefix(context):
    """"Error: " at the start of the page's <title> (base.html) when a form on the page was
    submitted and has errors, or the view sets page_has_errors: the first thing a screen reader
    says about the page after a failed submit (static/js/focus.js moves the focus to the error
    summary)."""
    failed = context.get("page_has_errors") or _failed_forms(context)
    return "Error: " if failed else ""


@register.simple_tag(takes_context=True)
def error_summaries(context):
    """The error summary of every form on the page that failed, first in <main> (base.html), so
    that it is the first thing read after the skip link, with JavaScript or without. Each form is
    marked, and components/form_errors.html, included where the form is, then shows nothing. A form
    class with error_summary_in_place = True keeps its own summary where it is."""
    parts = []
    for form in _failed_forms(context):
        if isinstance(form, BaseFormSet) or getattr(form, "error_summary_in_place", False):
            continue  # a form that shows its errors where it is (a list of people swapped in by htmx)
        parts.append(render_to_string("components/form_errors.html", {"form": form}))
        form.error_summary_shown = True
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, autoescaped


# --- People: the one rule for showing someone's email address (workspaces.permissions.people) ---


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def person(context, user, place=None):
    """{% person someone workspace %}: their name, with their email address when the one rule
    allows it (themselves, the workspace's managers, the organisation's licence admins, site
    admins); "a former member" for nobody."""
    if user is None:
        return "a former member"
    if permissions.sees_contact(_viewer(context), user, place):
        return format_html("{} ({})", user.name, user.email)
    return user.name


@register.simple_tag(takes_context=True)
def contact(context, who, place=None):
    """{% contact someone workspace %}: their email address when the rule allows, else "".
    `who` may be a user or an address with no account yet (an invitation's, a licence's): that
    is shown to whoever may see the contacts of `place`. {% contact ... as address %} to test it."""
    viewer = _viewer(context)
    if isinstance(who, str):
        return who if who and permissions.sees_contacts(viewer, place) else ""
    return who.email if permissions.sees_contact(viewer, who, place) else ""


@register.simple_tag(takes_context=True)
def sees_contacts(context, place=None):
    """{% sees_contacts workspace as show_contact %}: whether the page may show an email
    column for the people it lists in `place`."""
    return permissions.sees_contacts(_viewer(context), place)


@register.filter
def noun(obj):
    """What an object is called ("page", "document"): its model's verbose name."""
    return obj._meta.verbose_name


@register.simple_tag(takes_context=True)
def can(context, perm, obj):
    """{% can "links.change_link" link as may_edit %} — the permission layer, in templates."""
    return permissions.can(context["request"].user, perm, obj)


@register.simple_tag
def tool_url(tool, workspace):
    try:
        return reverse(f"{tool.slug}:{tool.home_view}", kwargs={"workspace": workspace.slug})
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current URL with ?page= (or ?<param>=) replaced, keeping the other query parameters."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


def _panels(context, item, slot):
    request = context.get("request")
    if request is None or item is None:
        return ""
    parts = []
    for panel in registry.item_panels(slot):
        panel_context = panel.context(request, item)
        if panel_context is not None:
            # In the page's own context (its csrf_token and context processors, computed once).
            with context.push(**panel_context):
                parts.append(context.template.engine.get_template(panel.template).render(context))
    return "".join(parts)


@register.simple_tag(takes_context=True)
def item_actions(context, item):
    """{% item_actions item %} — what horizontal apps add near an item's title (see
    workspaces.registry.ItemPanel): follow, announce; empty when none applies."""
    parts = _panels(context, item, "actions")
    return mark_safe(f'<div class="item-actions">{parts}</div>') if parts else ""  # rendered templates, escaped there


@register.simple_tag
def form_layout(form):
    """{% form_layout form as parts %} — kit/form.html's fields, with the access choices as one
    summary line and a form's folded extras together (workspaces.kit.form_layout)."""
    return kit_form_layout(form)


@register.simple_tag(takes_context=True)
def item_panels(context, item, slot):
    """{% item_panels item "comments" %} — what horizontal apps add in a slot of an item's page: "comments"
    (under it), "title" (beside its title: Follow), "more" (its "More actions" menu: <li>s)."""
    return mark_safe(_panels(context, item, slot))  # rendered templates, escaped there


@register.simple_tag(takes_context=True)
def app_stylesheets(context):
    """<link>s to the horizontal apps' stylesheets and, in a workspace, those of the tools
    enabled there (workspaces.registry)."""
    workspace = context.get("current_workspace")
    paths = registry.stylesheets(registry.enabled_tools(workspace) if workspace is not None else [])
    return format_html_join("\n  ", '<link rel="stylesheet" href="{}">', ((static(path),) for path in paths))


@register.simple_tag(takes_context=True)
def header_items(context):
    """{% header_items %} — what horizontal apps add to the signed-in header (the bell), each
    inside its own <li> of the account navigation (see workspaces.registry.HeaderItem)."""
    request = context.get("request")
    if request is None:
        return ""
    parts = []
    for item in registry.header_items():
        item_context = item.context(request)
        if item_context is not None:
            with context.push(**item_context):
                parts.append(context.template.engine.get_template(item.template).render(context))
    return mark_safe("".join(parts))  # rendered templates, escaped there


@register.inclusion_tag("components/exports.html", takes_context=True)
def tool_exports(context, workspace):
    """{% tool_exports workspace %} on a tool's page: the downloads it declares
    (Tool(exports=...)) that the person may use, as CSV and Excel links."""
    request = context.get("request")
    tool = registry.get(request.resolver_match.namespace) if request and request.resolver_match else None
    exports = [e for e in (tool.exports if tool else ()) if permissions.can(request.user, e.perm, workspace)]
    return {"exports": exports, "tool": tool, "workspace": workspace}


@register.simple_tag(takes_context=True)
def row_url(context, viewname, **values):
    """{% row_url "wikis:page" slug=page.slug %}: {% url %} for the rows of a list in the page's
    workspace, reversed once per list and view (workspaces.lib.reversing), not once per row."""
    return list_url(context.render_context, viewname, context["workspace"].slug, **values)
