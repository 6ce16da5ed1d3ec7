"""Audit the installed Python packages for known vulnerabilities, and say how many were
really audited (make audit; CI runs it).

    python scripts/audit_dependencies.py              # pip-audit on this environment
    python scripts/audit_dependencies.py --from-json report.json   # a saved pip-audit report

pip-audit prints "No known vulnerabilities found" even when it could check nothing:
a package index without PyPI's vulnerability data (a mirror) makes it skip every
package, and without network it cannot reach OSV. This reads pip-audit's JSON and
counts. Exit status:
  0  every package was audited and none has a known vulnerability
  1  a known vulnerability (each is listed with the version that fixes it)
  3  NOT AUDITED: pip-audit is missing, failed, or skipped packages it could not look up;
     what was audited is still reported, and a vulnerability found among them still gives 1
"""

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field

VULNERABLE, NOT_AUDITED = 1, 3


@dataclass
class Audit:
    audited: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # package: why
    vulnerable: dict[str, list[str]] = field(default_factory=dict)  # "pkg version": findings


def audit_read(report: dict) -> Audit:
    """What a pip-audit JSON report (``pip-audit -f json``) says was and was not checked."""
    audit = Audit()
    for dependency in report.get("dependencies", []):
        name = dependency.get("name", "?")
        if "skip_reason" in dependency:
            audit.skipped[name] = dependency["skip_reason"]
            continue
        audit.audited.append(name)
        findings = [
            f"{vuln.get('id')} (fixed in {', '.join(vuln.get('fix_versions') or []) or 'no release yet'})"
            for vuln in dependency.get("vulns", [])
        ]
        if findings:
            audit.vulnerable[f"{name} {dependency.get('version', '')}".strip()] = findings
    return audit


def pip_audit_report() -> tuple[dict | None, str]:
    """Run pip-audit on this environment: (its JSON report, or None; what went wrong)."""
    try:
        result = subprocess.run(  # noqa: S603 - pip-audit of this interpreter, fixed arguments
            [sys.executable, "-m", "pip_audit", "-f", "json", "--progress-spinner", "off"],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        return None, "pip-audit did not finish within 600 s"
    if "No module named pip_audit" in result.stderr:
        return None, "pip-audit is not installed here (it is a dev dependency: make setup)"
    try:
        return json.loads(result.stdout), ""
    except json.JSONDecodeError:
        lines = (result.stderr or result.stdout).strip().splitlines()
        return None, f"pip-audit failed (exit {result.returncode}): {' '.join(lines[-3:])}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from-json", help="read a saved pip-audit JSON report instead")
    args = parser.parse_args(argv)
    if args.from_json:
        with open(args.from_json, encoding="utf-8") as saved:
            report, problem = json.load(saved), ""
    else:
        report, problem = pip_audit_report()
    if report is None:
        print(f"NOT AUDITED: {problem}. No package was checked for known vulnerabilities.")
        return NOT_AUDITED

    audit = audit_read(report)
    total = len(audit.audited) + len(audit.skipped)
    print(
        f"Audited {len(audit.audited)} of {total} installed packages for known vulnerabilities: "
        f"{len(audit.vulnerable)} vulnerable."
    )
    for package, findings in sorted(audit.vulnerable.items()):
        print(f"  VULNERABLE {package}: {'; '.join(findings)}")
    if audit.skipped:
        reasons = sorted(set(audit.skipped.values()))
        print(
            f"NOT AUDITED: {len(audit.skipped)} of {total} packages could not be looked up, so "
            "nothing is known about them (pip-audit's 'No known vulnerabilities found' does not "
            "cover them). For example: " + reasons[0]
        )
    if audit.vulnerable:
        return VULNERABLE
    return NOT_AUDITED if audit.skipped or not total else 0


if __name__ == "__main__":
    sys.exit(main())
