"""Shared mechanisms: permissions, sanitising, audit log, outbox, languages, security headers."""
