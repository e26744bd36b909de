"""Scoring of predictions against the Mil2Mil gold annotations."""
