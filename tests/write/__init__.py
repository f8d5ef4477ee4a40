"""Tests of the Word writer."""
