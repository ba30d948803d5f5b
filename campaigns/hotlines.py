"""Which number a firm should call: its township office's (Township.office_phone, kept by
staff in the admin), else its county's insurance agency (Region.office_phone), else the
registration hotline (CANBAO_REGISTRATION_HOTLINE, 12333 unless set). Posters, the survey's next step and the 参保登记通知书 all ask here."""

from __future__ import annotations

from django.conf import settings


def county_hotline() -> str:
    return settings.CANBAO_REGISTRATION_HOTLINE


def office_phone(township) -> str:
    """The township office's own number, '' when unknown (or for a county-wide channel)."""
    return (township.office_phone or "") if township is not None else ""


def contacts(township_id: int | None) -> tuple[str, str, str]:
    """(township office's phone, county name, county agency's phone) by the township's id,
    from the cached township list (no query on a result page)."""
    from .channels import township_contacts

    return township_contacts(township_id)


def hotline_and_owner(township) -> tuple[str, str]:
    """The number to print and whose it is: the township office's, else its county agency's,
    else the registration hotline's."""
    from django.utils.translation import gettext as _

    from regions.agencies import agency_name

    county = township.county if township is not None and township.county_id else None
    if office_phone(township):
        return township.office_phone, township.name
    if county is not None and county.office_phone:
        return county.office_phone, agency_name(county)
    return county_hotline(), _("人社服务热线")


def hotline(township) -> str:
    """The number to print (hotline_and_owner)."""
    return hotline_and_owner(township)[0]
