"""Checks across stages: word limits and the state of cited evidence."""
