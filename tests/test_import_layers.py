"""The import layers (issue 11) are import-linter contracts ([tool.importlinter] in pyproject.toml): the
foundation imports no domain, the domains import only downward, no cycles. ``make test`` runs
``lint-imports`` too; this test keeps the contracts in the test suite, and shows they catch a breach."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_code_keeps_its_import_contracts():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _copy_of_the_code(tmp_path: Path) -> Path:
    for folder in ("service", "workers"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_upward_import_breaks_a_contract(tmp_path):
    copy = _copy_of_the_code(tmp_path)
    util = copy / "service" / "calls" / "util.py"
    # Hidden in a function: import-linter sees function-level imports too.
    util.write_text(
        util.read_text(encoding="utf-8") + "\n\ndef _upward():\n    from service.decisions import models  # noqa\n",
        encoding="utf-8",
    )
    result = _lint(copy)
    assert result.returncode != 0
    assert "service.calls is not allowed to import service.decisions" in result.stdout


def test_a_foundation_module_importing_a_domain_breaks_a_contract(tmp_path):
    copy = _copy_of_the_code(tmp_path)
    queue = copy / "service" / "jobs" / "queue.py"
    queue.write_text(queue.read_text(encoding="utf-8") + "\nimport service.accounts.tasks  # noqa\n", encoding="utf-8")
    result = _lint(copy)
    assert result.returncode != 0
    assert "service.jobs is not allowed to import service.accounts" in result.stdout
