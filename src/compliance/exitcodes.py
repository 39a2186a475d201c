"""Exit codes of the command line, in one place (documented in README.md).

When several apply, the highest wins: a usage, pack or data error beats a failing rule, and an internal
error beats everything. A crash never exits 0 or 1: the CLI catches it at its boundary and exits 3.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0          # every binding rule passes, is not due or is not applicable
    FAILED = 1      # a binding rule fails or has insufficient data
    ERROR = 2       # usage, pack or data error (the message names the file and what is wrong)
    INTERNAL = 3    # a bug in compliance: please report it with the one-line message
