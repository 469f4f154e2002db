import os

from django.db import connection


def test_runs_on_the_database_that_database_url_names(db):
    """A misconfigured CI must not quietly test SQLite instead of PostgreSQL."""
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
