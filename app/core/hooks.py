"""Functions a lower module calls but a higher module provides (the layers forbid the import).

The higher module registers its function when it is imported; a call before that is a wiring
mistake and says which module is missing."""

from collections.abc import Callable


class Hook:
    """A late-bound function: `register(function)` once, then call the hook like the function."""

    def __init__(self, provider: str, what: str) -> None:
        self.provider = provider  # the module expected to register, e.g. "app.versions"
        self.what = what  # what the function finds, for the error
        self._function: Callable | None = None

    def register(self, function: Callable) -> None:
        self._function = function

    def __call__(self, *args, **kwargs):
        if self._function is None:
            raise RuntimeError(f"{self.provider} has not registered {self.what}")
        return self._function(*args, **kwargs)
