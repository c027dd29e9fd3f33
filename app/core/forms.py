"""Helpers shared by the forms of every module."""

from wtforms.fields.choices import SelectChoice


def choice_list(items) -> list[SelectChoice]:
    """Choices for select, radio and checkbox fields from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in items]
