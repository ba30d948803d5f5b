"""The role groups' permissions: which Django and Wagtail permissions each of the four roles
(accounts.roles) holds, attached by a data migration and after every migrate. What a user
may *see* is decided in accounts.roles, not here."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from .role_names import ADMINISTRATOR, EDITOR, OFFICER, REVIEWER, ROLES

# Model and custom permissions per role, as "app_label.codename". Permissions of an
# app that is not installed (or not yet migrated) are skipped and attached later.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        "wagtailmedia.add_media", "wagtailmedia.change_media",
    ],
    REVIEWER: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        "wagtailmedia.add_media", "wagtailmedia.change_media",
    ],
    OFFICER: ["wagtailadmin.access_admin"],
    ADMINISTRATOR: ["*"],
}
# Page-tree permissions on the root page, per role.
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: ["add_page", "change_page"],
    REVIEWER: ["add_page", "change_page", "publish_page"],
    ADMINISTRATOR: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}


def extend_role_permissions(role: str, perms: list[str]) -> None:
    """Let an app add its permissions to a role (call from AppConfig.ready)."""
    ROLE_PERMISSIONS.setdefault(role, [])
    for perm in perms:
        if perm not in ROLE_PERMISSIONS[role]:
            ROLE_PERMISSIONS[role].append(perm)


def sync_role_permissions(group_model=Group, permission_model=Permission) -> None:
    """Create the role groups and attach every permission that exists by now. Idempotent."""
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = ROLE_PERMISSIONS.get(role, [])
        if wanted == ["*"]:
            perms = list(permission_model.objects.all())
        else:
            perms = []
            for dotted in wanted:
                app_label, codename = dotted.split(".", 1)
                perm = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if perm is not None:
                    perms.append(perm)
        group.permissions.add(*perms)
    _sync_page_permissions(group_model, permission_model)
    # Wagtail's sample groups overlap the four roles; drop them while nobody uses them.
    group_model.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()


def _sync_page_permissions(group_model, permission_model) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        group = group_model.objects.get(name=role)
        for codename in codenames:
            perm = permission_model.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
            if perm is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)


def sync_role_permissions_after_migrate(sender=None, **kwargs) -> None:
    # post_migrate fires once per app; sync after the last one, when every
    # permission of every app exists.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        sync_role_permissions()
