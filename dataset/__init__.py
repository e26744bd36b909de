"""The Mil2Mil dataset folder: raw articles, stand-off gold and derived files (package data)."""
