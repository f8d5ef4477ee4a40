"""Load stage: the workspace folder to validated value objects."""
