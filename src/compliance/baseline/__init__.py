"""Year-over-year duties (逐年递增 / 明显提升 / 逐步扩大 / 下降): a rule's ``baseline:`` compares its measure
with the same measure on the previous period's snapshot (``compliance check … --baseline PREVIOUS``).

``spec`` reads and validates the ``baseline:`` key of a rule; ``compare`` judges the change.
"""

from .spec import CHANGES, BaselineSpec, ChangeTarget

__all__ = ["CHANGES", "BaselineSpec", "ChangeTarget"]
