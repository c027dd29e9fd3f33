"""Concepts: the document being written, its topics, chapters and process timeline."""
