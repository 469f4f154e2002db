"""Settings for the test suite: the production settings with a secret key that is only for tests.

pytest selects this module (pyproject.toml); the key must exist before `settings` is imported,
because production settings refuse to start without one.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-never-used-in-production")

from .settings import *  # noqa: F403

# Hashing test passwords the production way costs about a second each on a busy machine; the tests
# check who may do what, not the strength of the hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# On SQLite the tests use a database file, not Django's shared in-memory database: parallel
# requests in the concurrency tests then meet SQLite's real locking (WAL, busy timeout), as
# phones under `make run` do.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(
            tempfile.gettempdir(), f"strategiewerkstatt-test-{os.getpid()}.sqlite3"
        )
    }
