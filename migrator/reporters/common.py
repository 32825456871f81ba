"""What every report shares: counts, and keeping secrets out of the output."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from migrator.engine import RunResult

_SECRETS = [
    # Coder session tokens: a 10-character id, a dash, a 22-character secret.
    re.compile(r"\b[A-Za-z0-9]{10}-[A-Za-z0-9]{22}\b"),
    re.compile(r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"),
    re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"),
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{20,}"),
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    re.compile(r"\bAIza[0-9A-Za-z_\-]{30,}"),
    re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
]
# A literal value given to a header or variable whose name says it is secret.
_SECRET_ASSIGNMENT = re.compile(
    r"(?i)((?:coder-session-token|authorization|x-api-key|api[_-]?key|token|secret|password)"
    r"[\"']?\s*(?::|=|:=)\s*[\"']?(?:bearer\s+|token\s+)?)"
    # A literal, not a reference: no brackets, not `var.x` / `os.environ`, and a digit in it
    # (keys and tokens carry digits; names of variables rarely do).
    r"(?!(?:var|local|locals|os|env|secrets|vars|process|data|module|self)\.)"
    r"(?=[^\s\"'$`{}()<>|;&,\[\]]*\d)([^\s\"'$`{}()<>|;&,\[\]]{8,})"
)


# The password of URL user information (https://user:password@host).
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@\"']+:)([^@\s/\"'$]+)(?=@)")
# curl -u user:password, --user user:password.
_CURL_USER = re.compile(r"((?:^|\s)(?:-u|--user)[\s=]+[\"']?[^\s:\"']+:)([^\s\"'$]+)")


def redact(text: str) -> str:
    """Hide credentials that scanned files hold; references like ``$TOKEN`` stay."""
    for pattern in _SECRETS:
        text = pattern.sub("[redacted]", text)
    text = _URL_PASSWORD.sub(lambda m: m.group(1) + "[redacted]", text)
    text = _CURL_USER.sub(lambda m: m.group(1) + "[redacted]", text)
    return _SECRET_ASSIGNMENT.sub(lambda m: m.group(1) + "[redacted]", text)


@dataclass
class Summary:
    fixed: int
    safe: int
    unsafe: int
    manual: int
    skipped: int
    checked: int
    errors: int
    fix_mode: str
    by_code: Counter[str]
    fixed_by_code: Counter[str]
    diff_only: bool = False

    @classmethod
    def of(cls, run: RunResult, fix_mode: str) -> Summary:
        findings = run.findings
        return cls(
            fixed=len(run.fixed),
            safe=sum(1 for f in findings if f.applicability == "safe"),
            unsafe=sum(1 for f in findings if f.applicability == "unsafe"),
            manual=sum(1 for f in findings if f.applicability == "manual"),
            skipped=len(run.skipped),
            checked=run.checked,
            errors=len(run.errors),
            fix_mode=fix_mode,
            by_code=Counter(f.code for f in findings),
            fixed_by_code=Counter(f.code for f in run.fixed),
        )

    @property
    def remaining(self) -> int:
        return self.safe + self.unsafe + self.manual

    def counts(self) -> dict[str, object]:
        """The summary's numbers, named as every machine-readable format names them."""
        return {
            "fixed": self.fixed,
            "fixable_safe": self.safe,
            "fixable_unsafe": self.unsafe,
            "manual": self.manual,
            "files_checked": self.checked,
            "files_skipped": self.skipped,
            "by_code": dict(sorted(self.by_code.items())),
            "fixed_by_code": dict(sorted(self.fixed_by_code.items())),
        }

    def closing_line(self) -> str:
        parts = []
        if self.fixed:
            verb = "Would fix" if self.diff_only else "Fixed"
            parts.append(f"{verb} {self.fixed} finding{'s' if self.fixed != 1 else ''}")
        if self.remaining:
            parts.append(
                f"{self.remaining} remaining: {self.safe} fixable with --fix, "
                f"{self.unsafe} with --fix --unsafe-fixes, {self.manual} manual"
            )
        elif not self.fixed:
            parts.append("No Tasks API usage found")
        tail = f"{self.checked} file{'s' if self.checked != 1 else ''} checked"
        if self.skipped:
            tail += f", {self.skipped} skipped"
        parts.append(tail)
        return ". ".join(parts) + "."

    def statistics_lines(self) -> list[str]:
        from migrator.rules.base import all_rules

        rules = all_rules()
        lines = []
        for code, count in sorted(self.by_code.items()):
            lines.append(f"{count:>5}  {code}  {rules[code].name}")
        return lines
