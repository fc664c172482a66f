"""The one place where batch jobs commit (once per chunk), and never inside tests."""

import threading


def in_test():
    """True inside Odoo's test runner, where a commit would break the test's rollback."""
    return getattr(threading.current_thread(), "testing", False)


def commit_chunk(env):
    """Commit the chunk a batch job just finished (billing sync, outboxes, demo loads); not in tests."""
    if not in_test():
        env.cr.commit()
