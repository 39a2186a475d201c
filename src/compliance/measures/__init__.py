"""Measure kinds: each computes a measurement for one rule; the engine adds context and verdicts."""
