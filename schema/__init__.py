"""JSON Schemas of Mil2Mil (shipped as package data)."""
