"""Settings for the test suite: the development defaults, with a fast password hasher."""

import os

os.environ.setdefault("DEBUG", "1")

from congso.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests of the portals' page cache turn it on themselves.
CONGSO_PAGE_CACHE_SECONDS = 0
CONGSO_SITE_LOOKUP_SECONDS = 0
