"""Exit codes, in one place. When several apply, the highest wins (a usage error beats a failure)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0          # every binding rule passes, is not due or is not applicable
    FAILED = 1      # a binding rule fails or has insufficient data
    ERROR = 2       # usage, pack or data error
