"""Accounts: users, roles, organisations and memberships; registration and login."""
