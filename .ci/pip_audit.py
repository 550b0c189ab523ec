"""Audit the pinned requirements with pip-audit; fail on any known vulnerability.

pip-audit alone can pass without auditing anything, in two ways this wrapper closes:
- with `--no-deps` it ignores nested `-r` lines, so every requirements file is named here;
- a package the vulnerability service cannot answer for is "skipped", and the run still says
  "No known vulnerabilities found". Skips are reported loudly here; with PIP_AUDIT_STRICT=1
  (CI with internet access) they fail the run.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

REQUIREMENTS = ("requirements/base.txt", "requirements/dev.txt")


def pinned_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-") and "==" in line:
            names.add(line.split("==", 1)[0].split("[", 1)[0].strip().lower().replace("_", "-"))
    return names


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    expected = set().union(*(pinned_names(root / name) for name in REQUIREMENTS))
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner=off",
        "--format=json",
    ]
    for name in REQUIREMENTS:
        command += ["-r", str(root / name)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode not in (0, 1) or not result.stdout.strip():
        sys.stderr.write(result.stderr)
        print("pip-audit failed to run.", file=sys.stderr)
        return 2
    report = json.loads(result.stdout)
    dependencies = report["dependencies"]
    audited = {dep["name"] for dep in dependencies if "skip_reason" not in dep}
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    missing = expected - {dep["name"] for dep in dependencies}

    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if missing:
        print(f"pip-audit did not look at: {', '.join(sorted(missing))}", file=sys.stderr)
    if skipped:
        print(
            f"WARNING: {len(skipped)} of {len(dependencies)} pinned packages were NOT audited: "
            "the vulnerability service did not answer for them "
            f"(first: {skipped[0]['skip_reason']}).",
            file=sys.stderr,
        )
    if vulnerable or missing:
        return 1
    if skipped and os.environ.get("PIP_AUDIT_STRICT") == "1":
        return 1
    print(
        f"pip-audit: no known vulnerability in the {len(audited)} of {len(dependencies)} pinned "
        "packages that could be audited.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
