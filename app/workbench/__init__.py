"""Consolidation: turning contributions into the draft's items, with provenance (which
contributions an item came from) and an outcome for every contribution."""
