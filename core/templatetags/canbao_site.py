"""The deployment's own names on every public page (settings.CANBAO_SITE_NAME and
CANBAO_BUREAU_NAME, set per deployment), translated when the catalogue knows them. No
database: the error pages use them too."""

from django import template
from django.conf import settings
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return gettext(settings.CANBAO_SITE_NAME)


@register.simple_tag
def bureau_name() -> str:
    return gettext(settings.CANBAO_BUREAU_NAME)
