"""Helpers for the browser tests: accessibility checks with axe-core, visiting, logging in."""

import copy
import hashlib
import json
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.language_of_parts import german_outside_lang

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()
# axe-core is added to every page of a browser context when the page is created (see
# `with_axe`), so a check only runs it; a page of another context gets it on the first check.
AXE_SOURCE = _axe.axe_script
_RUN = "options => axe.run(document, options).then(results => results.violations)"


def with_axe(context):
    """The context, with axe-core loaded into each of its pages as they open."""
    context.add_init_script(AXE_SOURCE)
    return context


# What axe's result depends on besides the stylesheets and scripts (the same files for every
# page of a test process): the whole document as it is now (with what was typed into fields,
# which its HTML does not show), the focused element, the scroll position, the viewport and the
# emulated media. The values of the CSRF tokens are left out: a new token per page would make
# every form page look new.
_STATE = """() => {
  if (!document.documentElement) return null;
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll("input[name=csrf_token]").forEach(e => e.removeAttribute("value"));
  const fields = [...document.querySelectorAll("input, textarea, select")]
    .filter(e => e.name !== "csrf_token")
    .map(e => [e.value, e.checked, e.selectedIndex ?? null]);
  const focused = document.activeElement;
  const media = ["(prefers-color-scheme: dark)", "(prefers-reduced-motion: reduce)",
                 "(forced-colors: active)"].map(q => matchMedia(q).matches);
  return [document.compatMode, root.outerHTML, fields,
          focused ? [...document.querySelectorAll("*")].indexOf(focused) : -1,
          scrollX, scrollY, innerWidth, innerHeight, devicePixelRatio, navigator.language, media];
}"""
# Violations of the documents this test process has checked, by a hash of `_STATE`: axe takes
# about 0.4 s of CPU per page, and a sixth of the pages the browser tests check are one already
# checked (the login page, mostly), with the same result.
_checked: dict[str, list[dict]] = {}


def _state(page: Page) -> str:
    return hashlib.sha256(json.dumps(page.evaluate(_STATE)).encode()).hexdigest()


def axe_violations(page: Page) -> list[dict]:
    state = _state(page)
    if state not in _checked:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SOURCE)
        _checked[state] = page.evaluate(_RUN, AXE_OPTIONS)
    return copy.deepcopy(_checked[state])


def format_violations(page: Page, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with a readable report when axe finds any WCAG 2.1 A/AA violation."""
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    assert not violations, format_violations(page, violations)


def german_outside_lang_de(page: Page) -> list[str]:
    """German words outside any lang="de" element on an English or Arabic page, as the page is
    now (tests/language_of_parts.py; nothing on a German page)."""
    return german_outside_lang(page.content())


def check_page(page: Page) -> list[str]:
    """All problems of the current page: axe violations, a missing/doubled h1 and, on a page
    not in German, German words outside lang="de" (WCAG 3.1.2, which axe does not check)."""
    problems = []
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(page, violations))
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"{page.url}: {h1_count} h1 elements instead of exactly one")
    german = german_outside_lang_de(page)
    if german:
        problems.append(f"{page.url}: {len(german)} German text(s) outside lang=\"de\":\n  "
                        + "\n  ".join(german[:20]))
    return problems


def visit(page: Page, path: str, status: int = 200) -> None:
    """Open a page, expect its status, check it with axe and for exactly one h1."""
    response = page.goto(path)
    assert response is not None and response.status == status, (
        f"{path}: status {response.status if response else None}, expected {status}")
    problems = check_page(page)
    assert not problems, "\n".join(problems)


def login(page: Page, email: str, password: str) -> None:
    """Log in through the form (checked with axe on the way)."""
    visit(page, "/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form.stack [type=submit]").click()
    expect(page.locator(".account-nav form [type=submit]")).to_be_visible()
    assert "/auth/login" not in page.url, f"login as {email} failed: {page.url}"


def logout(page: Page) -> None:
    page.locator(".account-nav form [type=submit]").click()
    expect(page.locator(".account-nav a[href^='/auth/login']")).to_be_visible()
    assert_accessible(page)


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def confirm_path(body: str) -> str:
    """The path of the confirmation link in a mail body (host dropped: any host works)."""
    match = re.search(r"https?://[^\s/]+(/auth/confirm/\S+)", body)
    assert match, f"no confirmation link in the mail:\n{body}"
    return match.group(1)
