"""Frozen versions, diffs, the steering group's review and adoption."""
