"""Private file storage: uploaded registry files and other personal data kept outside
MEDIA_ROOT, under random names, never served by the web server.

Files stored here are reached only through views that ask accounts.roles first;
nginx serves MEDIA_ROOT (public images, documents, posters) and nothing else.
"""

from __future__ import annotations

import re
import uuid
from pathlib import PurePath

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_storage(*, setting, **kwargs):
    # Tests give each test a private folder of its own by overriding STORAGES.
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The storage of personal files (settings.STORAGES["private"]); a callable so that
    migrations refer to it by name and not by its location on this machine."""
    return _private


def random_name(folder: str, original_name: str) -> str:
    """`folder/<32 random hex digits><.ext>`: the stored name says nothing about the file
    and cannot be guessed; the original name is kept in the model."""
    suffix = PurePath(original_name).suffix.lower()
    return f"{folder}/{uuid.uuid4().hex}{suffix if _SAFE_SUFFIX.match(suffix) else ''}"


def import_upload_to(instance, filename: str) -> str:
    """upload_to of ImportBatch.file."""
    return random_name("imports", filename)
