"""The deployment's own names on every public page (settings.CANBAO_SITE_NAME and
CANBAO_BUREAU_NAME, set per deployment), translated when the catalogue knows them; on a
campaign's survey and result pages whose region is not the deployment's own, that region's
names (the view puts regions.agencies.public_brand in the context as `brand`). No database:
the error pages use them too."""

from django import template
from django.conf import settings
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    brand = context.get("brand")
    if brand:
        return gettext("%(region)s工伤保险参保宣传") % {"region": brand}
    return gettext(settings.CANBAO_SITE_NAME)


@register.simple_tag(takes_context=True)
def bureau_name(context) -> str:
    brand = context.get("brand")
    if brand:
        return gettext("%(region)s人力资源和社会保障局") % {"region": brand}
    return gettext(settings.CANBAO_BUREAU_NAME)
