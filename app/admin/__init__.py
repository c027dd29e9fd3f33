"""Administration pages: users and roles, organisations, topics and chapters, the audit log."""
