"""Showing a report's cell: a hidden count stays "< 5"; shares as percentages."""

from django import template
from django.utils.formats import number_format

from outcomes.suppression import SMALL

register = template.Library()


@register.filter
def cell(value, kind):
    if value is None:
        return "–"
    if value == SMALL:
        return SMALL
    if kind == "percent":
        return f"{number_format(100 * value, 0)} %"
    if kind in ("number", "days"):
        return number_format(value, 1)
    return number_format(value, 0, force_grouping=True)


@register.filter
def lookup(values, key):
    return values.get(key)
