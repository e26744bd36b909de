"""Baseline extractors for Mil2Mil."""
