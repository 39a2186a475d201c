"""The base of every error the library raises on purpose (a bad pack, bad data, a bad argument).

Anything else that escapes is a bug: the command line reports it as an internal error (exit code 3).
"""

from __future__ import annotations


class ComplianceError(Exception):
    """A documented, expected error: the input (pack, census, argument) cannot be used as given."""


class UsageError(ComplianceError, ValueError):
    """A bad argument to the API (e.g. an impossible as-of date); the message says which and why."""
