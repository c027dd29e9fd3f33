"""Contributions: what participants submit in a round, with revisions, comments, supports, flags."""
