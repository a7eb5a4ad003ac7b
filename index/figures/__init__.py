"""Deterministic figure extraction (see docs/FIGURES.md)."""
