"""Limits on writing: registering, contributing, commenting, supporting, flagging and resetting
a password, each counted per account and per client address.

The values come from the config (`<ACTION>_RATE_LIMIT_ACCOUNT`, `<ACTION>_RATE_LIMIT_IP`); the
counters live where `RATELIMIT_STORAGE_URI` says (Redis, so that several workers share them).
Staff are never limited here: capturing the cards of an event is their job.
"""

import hashlib

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.core.permissions import is_staff
from app.extensions import limiter

ACTIONS = ("register", "contribute", "comment", "support", "flag", "password_reset")


def _digest(value: str) -> str:
    # Addresses and reset links are personal or secret; the store only needs to tell them apart.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def account_key() -> str:
    """Whose budget a request spends: the logged-in account, else the e-mail address typed
    (registration, forgotten password) or the reset link; "" when there is none."""
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    email = (request.form.get("email") or "").strip().lower()
    if email:
        return "address:" + _digest(email)
    token = (request.view_args or {}).get("token")
    if token:
        return "link:" + _digest(token)
    return ""


def ip_key() -> str:
    return "ip:" + (get_remote_address() or "unknown")


def _staff() -> bool:
    return is_staff(current_user)


def _no_account() -> bool:
    return _staff() or not account_key()


def write_limit(action: str):
    """Decorator for a view that writes: POSTs count against the account and the address.

    Views of one action (flagging a contribution or a comment) share one budget."""
    if action not in ACTIONS:
        raise ValueError(f"unknown rate-limited action {action!r}")
    name = action.upper()

    def decorate(view):
        for suffix, key_func, exempt_when in (("ACCOUNT", account_key, _no_account),
                                              ("IP", ip_key, _staff)):
            setting = f"{name}_RATE_LIMIT_{suffix}"
            view = limiter.shared_limit(
                lambda setting=setting: current_app.config[setting], scope=f"write-{action}",
                key_func=key_func, exempt_when=exempt_when, methods=["POST"])(view)
        return view

    return decorate
