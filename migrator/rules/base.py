"""What every rule is: one code, one message shape, one fix safety, one documentation."""

from __future__ import annotations

import enum
import textwrap
from dataclasses import dataclass, field


class FixAvailability(enum.Enum):
    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation.

    ``doc`` has the sections every rule documents: what it does, why, example, fix safety,
    known limits. ``literals`` are byte strings of which at least one must occur in a file
    for the rule to have anything to say (the prefilter). ``languages`` names the
    front-ends whose sites the rule reads.
    """

    code: str
    name: str
    summary: str
    fix: FixAvailability
    doc: str
    languages: frozenset[str] = field(default_factory=frozenset)
    literals: tuple[bytes, ...] = ()

    def documentation(self) -> str:
        marker = {"always": "fix: always", "sometimes": "fix: sometimes", "never": "fix: none"}
        head = f"# {self.code} {self.name}\n\n{self.summary}\n\n({marker[self.fix.value]})\n\n"
        return head + textwrap.dedent(self.doc).strip() + "\n"


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in _REGISTRY:
        raise ValueError(f"rule code {rule.code} registered twice")
    _REGISTRY[rule.code] = rule
    return rule


def all_rules() -> dict[str, Rule]:
    from migrator.rules import catalog  # noqa: F401  (registers every rule)

    return dict(sorted(_REGISTRY.items()))
