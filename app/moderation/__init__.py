"""Moderation: approval queue, flags, hiding with reasons, the public moderation log."""
