"""Similarity of contributions for the capture form, the import preview and the consolidation
workbench: a pure engine (engine.py), a quick lexical score for the import preview
(lexical.py), stored sentence vectors (models.py) and the database-bound API (services.py)."""
