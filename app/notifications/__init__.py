"""Notifications: in-app messages with a bell; e-mail at once, as a daily digest or never."""
