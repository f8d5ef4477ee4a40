"""Tests of the charts drawn for documents."""
