"""Subcommands of the ``mil2mil`` CLI (one module each)."""
