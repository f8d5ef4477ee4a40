"""The check stage: every rule a variant must keep, each in its own module, run together by `variant`."""
