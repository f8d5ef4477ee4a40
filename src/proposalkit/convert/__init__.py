"""Conversions of built documents by outside programs."""
