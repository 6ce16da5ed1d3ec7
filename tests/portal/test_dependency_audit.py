"""scripts/audit_dependencies.py: a dependency audit says how much it really audited."""

import json
import subprocess
import sys

from django.conf import settings as django_settings


def audit(tmp_path, report: dict) -> subprocess.CompletedProcess:
    saved = tmp_path / "pip-audit.json"
    saved.write_text(json.dumps(report))
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "scripts/audit_dependencies.py", "--from-json", str(saved)],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_mirror_that_knows_no_vulnerability_data_is_not_a_clean_audit(tmp_path):
    # What pip-audit reports against this machine's package mirror, while printing
    # "No known vulnerabilities found".
    skipped = "Dependency not found on PyPI and could not be audited: django (5.2.19)"
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": skipped},
            {"name": "celery", "skip_reason": skipped.replace("django", "celery")},
        ],
        "fixes": [],
    }
    result = audit(tmp_path, report)
    assert result.returncode == 3
    assert "Audited 0 of 2 installed packages" in result.stdout
    assert "NOT AUDITED: 2 of 2 packages could not be looked up" in result.stdout


def test_a_known_vulnerability_fails_with_the_version_that_fixes_it(tmp_path):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.19",
                "vulns": [{"id": "PYSEC-0000-0", "fix_versions": ["5.2.20"], "aliases": []}],
            },
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ]
    }
    result = audit(tmp_path, report)
    assert result.returncode == 1
    assert "Audited 2 of 2 installed packages for known vulnerabilities: 1 vulnerable" in (
        result.stdout
    )
    assert "VULNERABLE django 5.2.19: PYSEC-0000-0 (fixed in 5.2.20)" in result.stdout


def test_every_package_audited_and_clean_passes(tmp_path):
    report = {"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}]}
    result = audit(tmp_path, report)
    assert result.returncode == 0
    assert "Audited 1 of 1 installed packages for known vulnerabilities: 0 vulnerable" in (
        result.stdout
    )
    assert "NOT AUDITED" not in result.stdout
