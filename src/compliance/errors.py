"""The base of every error the library raises on purpose (a bad pack, bad data, a bad argument).

Every such error is a :class:`ComplianceError`; catch that one class to handle them all::

    ComplianceError
    ├── UsageError (also ValueError)      a bad argument: an impossible as-of date or year, a wrong type
    ├── CensusMismatchError (also ValueError)
    │                                     a census loaded for another pack (columns the pack reads are absent)
    ├── PackNotFoundError (also FileNotFoundError)
    │                                     no pack folder at a path and no installed pack of that name
    ├── MissingDependencyError (also ImportError)
    │                                     an optional dependency (durable-rules, the HTTP server) is absent
    └── ProblemsError                     every problem found at once (``.problems``: located Problem objects)
        ├── PackError                     a pack (or the dictionary) is malformed
        └── DataError                     a census cannot be used as given
            └── CensusDataError           … with ``.counts`` of the problems by code

``ProblemsError`` and its subclasses live in :mod:`compliance.diagnostics`, ``CensusDataError`` in
:mod:`compliance.census`. Anything else that escapes is a bug: the command line reports it as an internal
error (exit code 3).
"""

from __future__ import annotations


class ComplianceError(Exception):
    """A documented, expected error: the input (pack, census, argument) cannot be used as given."""


class UsageError(ComplianceError, ValueError):
    """A bad argument to the API (e.g. an impossible as-of date); the message says which and why."""


class CensusMismatchError(ComplianceError, ValueError):
    """A census that does not fit the pack it is checked against (it was loaded for another pack, or
    built by hand without the columns the pack's rules read). ``missing`` names the absent columns."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.missing = missing


class PackNotFoundError(ComplianceError, FileNotFoundError):
    """No pack folder at the path given, and no installed pack of that name; ``searched`` lists where
    the pack was looked for."""

    def __init__(self, message: str, searched: tuple[str, ...] = ()):
        super().__init__(message)
        self.searched = searched


class MissingDependencyError(ComplianceError, ImportError):
    """An optional dependency is not installed; the message names the package and how to install it."""
