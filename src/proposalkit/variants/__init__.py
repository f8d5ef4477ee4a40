"""Donor variants: each built in its own job (in parallel processes), and two variants compared."""
