"""proposalkit: donor funding proposals built from an evidence base."""

__version__ = "0.1.0"
