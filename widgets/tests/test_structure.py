"""The app stays reusable: no import of the project's other parts, a swappable user model."""

import ast
import importlib
from pathlib import Path

from django.conf import settings

import widgets

APP_DIR = Path(widgets.__file__).parent
PROJECT_PARTS = {"accounts", "config"}


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_no_module_of_the_app_imports_accounts_or_config():
    offenders = {
        str(path.relative_to(APP_DIR)): sorted(imported)
        for path in APP_DIR.rglob("*.py")
        if (
            imported := {
                m for m in imported_modules(path) if m.split(".")[0] in {"accounts", "config"}
            }
        )
    }
    assert offenders == {}


def test_migrations_depend_on_the_swappable_user_model_only():
    for path in sorted((APP_DIR / "migrations").glob("0*.py")):
        migration = importlib.import_module(f"widgets.migrations.{path.stem}").Migration
        foreign = [dep for dep in migration.dependencies if dep[0] != "widgets"]
        # swappable_dependency() marks its tuple with the setting's value.
        assert [getattr(dep, "setting", None) for dep in foreign] in (
            [],
            [settings.AUTH_USER_MODEL],
        )
    assert (
        "swappable_dependency(settings.AUTH_USER_MODEL)"
        in (APP_DIR / "migrations" / "0001_initial.py").read_text()
    )
