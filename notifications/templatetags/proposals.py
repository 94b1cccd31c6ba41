"""A proposal's age and answer deadline, as the inbox and the citizen's page show them."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.escalation import answer_deadline, working_days_between

register = template.Library()


@register.inclusion_tag("notifications/_proposal_age.html")
def proposal_age(match):
    """“Venter siden 30. november (2 arbejdsdage siden) · svar senest 3. december”, with the
    deadline marked once it has passed."""
    today = timezone.localdate()
    proposed = timezone.localdate(match.created_at)
    deadline = answer_deadline(match)
    days = working_days_between(proposed, today)
    return {
        "proposed": date_format(proposed, "j. F"),
        "age": ngettext("%(days)d arbejdsdag siden", "%(days)d arbejdsdage siden", days)
        % {"days": days}
        if days
        else _("i dag"),
        "deadline": date_format(deadline, "j. F"),
        "overdue": today > deadline,
    }
