"""Constructed corpus: a seeded generator of fictional wire reports with exact gold."""

from mil2mil.generator.build import DEFAULTS, GENERATOR_VERSION, SPLITS, generate_split

__all__ = ["DEFAULTS", "GENERATOR_VERSION", "SPLITS", "generate_split"]
