"""Similarity of contributions for the consolidation workbench and the capture form: a pure
engine (engine.py), stored sentence vectors (models.py) and the database-bound API
(services.py)."""
