"""Scoping for every staff view: an officer reaches only their own township, a reviewer the
townships, channels and campaigns of their region (accounts.roles)."""

from __future__ import annotations

from django.http import Http404

from accounts.roles import (
    may_lead_region,
    may_see_channel,
    may_see_township,
    sees_everything,
    visible_campaigns,
    visible_channel_filter,
    visible_townships,
)


def scope_by_township(queryset, user, field: str = "township"):
    """Deployment-wide users see every row, county-wide channels (no township) included;
    others (officers, reviewers of one county, city or province) the rows of their townships."""
    if sees_everything(user):
        return queryset
    return queryset.filter(**{f"{field}__in": visible_townships(user)})


def township_of(obj, field: str = "township"):
    value = obj
    for part in field.split("__"):
        value = getattr(value, part)
    return value


class TownshipScopedViewMixin:
    """For Wagtail generic views: filter lists, and answer 404 for an object of a township
    the user may not see (so guessed ids reveal nothing)."""

    township_field = "township"

    def get_base_queryset(self):
        return scope_by_township(super().get_base_queryset(), self.request.user, self.township_field)

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_see_township(self.request.user, township_of(obj, self.township_field)):
            raise Http404
        return obj


class TownshipScopedObjectMixin:
    """For Wagtail views that list things about one object (history, usage): their
    get_base_queryset is the list (log entries, references), so only the object is scoped."""

    township_field = "township"

    def get_base_object_queryset(self):
        return scope_by_township(super().get_base_object_queryset(), self.request.user, self.township_field)

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_see_township(self.request.user, township_of(obj, self.township_field)):
            raise Http404
        return obj


class ChannelScopedViewMixin:
    """Channels: a township's for whoever sees it; one without a township for the reviewers
    whose region holds the region it serves (accounts.roles.may_see_channel)."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(visible_channel_filter(self.request.user))

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_see_channel(self.request.user, obj):
            raise Http404
        return obj


class ChannelScopedObjectMixin:
    """For a channel's history and usage views: only the channel is scoped."""

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().filter(visible_channel_filter(self.request.user))

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_see_channel(self.request.user, obj):
            raise Http404
        return obj


class CampaignScopedObjectMixin:
    """A campaign is opened (edited, deleted, its history and usage — which names every
    channel, other counties' included) only by those who hold all of its region
    (accounts.roles.may_lead_region), else 404."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_lead_region(self.request.user, obj.region):
            raise Http404
        return obj


class CampaignScopedViewMixin(CampaignScopedObjectMixin):
    """Campaigns are listed when they overlap the user's region."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=visible_campaigns(self.request.user).values("pk"))
