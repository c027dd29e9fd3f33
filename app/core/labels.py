"""The translated labels of a column's codes (kinds, statuses, roles …), declared once each."""


class Labels(dict):
    """Code -> lazily translated label, in the order forms and lists show them.

    A dict, so `code in LABELS`, `.items()` for choices and `{**LABELS}` work as before;
    `label(code)` is the one lookup that models, exports and imports use."""

    def label(self, code) -> str:
        """The label of `code` in the reader's language; a code we have no label for as it is."""
        return str(self.get(code, code))
