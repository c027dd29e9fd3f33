"""The modules keep their dependency order (docs/architecture.md): the import-linter contract in
pyproject.toml ([tool.importlinter]) fails when a module imports one above it, also lazily
inside a function. Running it here puts it into `make test` and so into CI."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_modules_import_only_the_layers_below_them():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), "import-linter is missing: run `make install-dev`"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    report = result.stdout[result.stdout.find("Broken contracts"):] or result.stdout
    assert result.returncode == 0, (
        "An import goes against the order of the modules in docs/architecture.md. Move the code "
        "to the module that owns it, or let the lower module offer a hook that the higher one "
        "registers with, instead of importing upward.\n\n" + report + result.stderr)
