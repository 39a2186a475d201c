"""The condition language: tokens → parser → nodes → check → polars / exact scalar evaluation."""

from .check import check, check_magnitude
from .nodes import Node, names, render, walk
from .parser import parse
from .scalar import MissingValue, bounds, evaluate, ratio_bounds
from .to_polars import shortfall, to_polars
from .tokens import ExprError

__all__ = ["ExprError", "MissingValue", "Node", "bounds", "check", "check_magnitude", "evaluate", "names", "parse",
           "ratio_bounds", "render",
           "shortfall", "to_polars", "walk"]
