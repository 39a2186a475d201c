"""Rule packs: YAML schema (raw), loading with positions, compiled rules."""

from .load import find_seed, load_cases, load_pack, squash
from .model import Milestone, Pack, Rule

__all__ = ["Milestone", "Pack", "Rule", "find_seed", "load_cases", "load_pack", "squash"]
