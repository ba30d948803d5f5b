from django import template

from cms.sharing import share_image_url as _share_image_url

register = template.Library()


@register.simple_tag
def share_image_url(page, request) -> str:
    return _share_image_url(page, request)
