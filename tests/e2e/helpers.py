"""Helpers for the browser tests: accessibility checks with axe-core, visiting, logging in."""

import copy
import hashlib
import json
import os
import re
import time
from functools import cache
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.language_of_parts import german_outside_lang, page_language
from tests.shared import shared_folder

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# axe-core (half a megabyte of script) is added to a page when it is first checked, not to every
# page that opens: most pages a test opens are never checked, or checked already (below).
AXE_SOURCE = Axe().axe_script
_RUN = "options => axe.run(document, options).then(results => results.violations)"


# What axe's result depends on besides the stylesheets and scripts (the same files for every
# page of a test process): the whole document as it is now (with what was typed into fields,
# which its HTML does not show), the focused element, the scroll position, the viewport and the
# emulated media. Left out: the values of hidden fields (a new CSRF token per page would make
# every form page look new; an uploaded file's token differs from run to run; a hidden field is
# neither shown nor in the accessibility tree) and the digits of times (<time>: when a row was
# made, which differs from run to run and between the two databases' suites; a check does not
# depend on them).
_STATE = """() => {
  if (!document.documentElement) return null;
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll("input[type=hidden]").forEach(e => e.removeAttribute("value"));
  root.querySelectorAll("time").forEach(e => {
    e.removeAttribute("datetime");
    const texts = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) texts.currentNode.data = texts.currentNode.data.replace(/[0-9]/g, "0");
  });
  const fields = [...document.querySelectorAll("input, textarea, select")]
    .filter(e => e.type !== "hidden")
    .map(e => [e.value, e.checked, e.selectedIndex ?? null]);
  const focused = document.activeElement;
  const media = ["(prefers-color-scheme: dark)", "(prefers-reduced-motion: reduce)",
                 "(forced-colors: active)"].map(q => matchMedia(q).matches);
  return [document.compatMode, root.outerHTML, fields,
          focused ? [...document.querySelectorAll("*")].indexOf(focused) : -1,
          scrollX, scrollY, innerWidth, innerHeight, devicePixelRatio, navigator.language, media];
}"""
# Violations of the documents already checked, by a hash of `_STATE`: axe takes about 0.4 s of
# CPU per page, and a sixth of the pages the browser tests check are one already checked (the
# login page, mostly), with the same result. Kept per test process, and shared by all processes
# of the test run (tests/shared.py): the xdist workers, and in CI the SQLite and PostgreSQL
# suites, whose pages are the same documents (the same rows and ids).
_checked: dict[str, list[dict]] = {}
COUNTS = {"run": 0, "reused": 0}  # checks of this process: axe run, or its result reused
HERE = Path(__file__).resolve().parent
STATIC = HERE.parents[1] / "static"


@cache
def _assets() -> str:
    """What a check depends on besides the document: axe itself, its options, and the
    stylesheets and scripts the pages load. A cache folder kept by mistake across a change
    of any of them is not read."""
    digest = hashlib.sha256(AXE_SOURCE.encode())
    digest.update(json.dumps(AXE_OPTIONS, sort_keys=True).encode())
    for path in sorted(STATIC.rglob("*")):
        if path.is_file() and path.suffix in {".css", ".js"}:
            digest.update(path.relative_to(STATIC).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _state(page: Page) -> str:
    state = hashlib.sha256(_assets().encode())
    state.update(json.dumps(page.evaluate(_STATE)).encode())
    return state.hexdigest()


def _shared(state: str) -> Path:
    return shared_folder("axe") / f"{state}.json"


def _remembered(state: str) -> list[dict] | None:
    if state in _checked:
        return _checked[state]
    path = _shared(state)
    if path.exists():
        _checked[state] = json.loads(path.read_text())
        return _checked[state]
    return None


def _remember(state: str, violations: list[dict]) -> None:
    _checked[state] = violations
    path = _shared(state)  # written whole under another name, then renamed: never read half
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(violations))
    os.replace(partial, path)


# How long a process waits for the result of a document another process of the run is checking
# (it claimed the document: `_claimed`) before checking it itself. A check takes 0.2-1 s.
CLAIM_WAIT_SECONDS = 30


def _claimed(state: str) -> bool:
    """Claim the check of `state` for this process: False if another process of the run
    claimed it first. In CI both suites open the same pages at about the same time (the
    login page, the home page); without claims a fifth of the checks ran twice."""
    try:
        os.close(os.open(_shared(state).with_suffix(".claim"), os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


def _result_of_other_process(state: str) -> list[dict] | None:
    """The result of the process that claimed `state`, once it is there (None when it does not
    come in CLAIM_WAIT_SECONDS: that process failed or ended)."""
    claim = _shared(state).with_suffix(".claim")
    deadline = time.monotonic() + CLAIM_WAIT_SECONDS
    while time.monotonic() < deadline:
        violations = _remembered(state)
        if violations is not None or not claim.exists():  # done, or given up (see below)
            return violations
        time.sleep(0.05)
    return None


def axe_violations(page: Page) -> list[dict]:
    state = _state(page)
    violations = _remembered(state)
    if violations is None and not _claimed(state):
        violations = _result_of_other_process(state)
    if violations is None:
        try:
            if not page.evaluate("typeof window.axe !== 'undefined'"):
                page.evaluate(AXE_SOURCE)
            violations = page.evaluate(_RUN, AXE_OPTIONS)
        except BaseException:
            _shared(state).with_suffix(".claim").unlink(missing_ok=True)  # nobody waits for it
            raise
        _remember(state, violations)
        COUNTS["run"] += 1
    else:
        COUNTS["reused"] += 1
    return copy.deepcopy(violations)


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
    now (tests/language_of_parts.py; nothing on a German page, whose document is not read)."""
    if page_language(page.evaluate("document.documentElement?.lang ?? ''")) == "de":
        return []
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
