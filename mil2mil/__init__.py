"""Mil2Mil: a benchmark for extracting meetings between military and diplomatic officials.

The version below is the single version of the data, the schemas and the scorer: it is
stamped into every score signature so a published number names exactly what produced it.
"""

__version__ = "0.2.0"
