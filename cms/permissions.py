"""Collection permissions for the publicity roles.

Images, documents and media are permissioned per collection in Wagtail, so the model
permissions in accounts.roles alone let an editor upload but not choose a video."""

from accounts.roles import EDITOR, REVIEWER

COLLECTION_PERMISSIONS = {
    role: [
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        "wagtailmedia.add_media", "wagtailmedia.change_media",
    ]
    for role in (EDITOR, REVIEWER)
}


def grant_collection_permissions() -> None:
    """Give editors and reviewers their media permissions on the root collection. Idempotent."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for role, perms in COLLECTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def grant_after_migrate(sender=None, **kwargs) -> None:
    # Run once per migrate, after the last app: by then every app's permissions exist.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        grant_collection_permissions()
