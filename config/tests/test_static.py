from pathlib import Path

from django.core.management import call_command
from pytest_django import Settings


def test_collectstatic_writes_hashed_and_compressed_files_with_a_manifest(
    settings: Settings, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", verbosity=0)

    assert (tmp_path / "staticfiles.json").is_file()
    hashed = list((tmp_path / "admin" / "css").glob("base.*.css"))
    assert hashed
    assert Path(f"{hashed[0]}.gz").is_file()
