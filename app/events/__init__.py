"""Offline dialogue events: stations (topic tables), fast capture of cards, imports of lists."""
