"""compliance: check censuses against rule packs encoded from social psychological service plans."""

from .api import check, load_census, load_pack
from .census import Census
from .diagnostics import DataError, PackError, Problem
from .dictionary import load_dictionary
from .errors import (
    CensusMismatchError,
    ComplianceError,
    MissingDependencyError,
    PackNotFoundError,
    UsageError,
)
from .findings import Finding, Report, report_schema
from .live import LiveChecker, LiveResult
from .pack import Pack, Rule

__version__ = "0.1.0"
__all__ = ["Census", "CensusMismatchError", "ComplianceError", "DataError", "Finding", "LiveChecker", "LiveResult",
           "MissingDependencyError", "Pack", "PackError", "PackNotFoundError", "Problem", "Report", "Rule", "UsageError", "check",
           "load_census", "load_dictionary", "load_pack", "report_schema"]
