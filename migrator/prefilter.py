"""The literal prefilter: a file that holds none of the byte strings the selected rules
need is not parsed at all."""

from __future__ import annotations

from functools import lru_cache

from migrator.rules.base import all_rules
from migrator.settings import Settings


@lru_cache(maxsize=64)
def _literals(language: str, codes: tuple[str, ...]) -> tuple[bytes, ...]:
    rules = all_rules()
    out: set[bytes] = set()
    for code in codes:
        rule = rules[code]
        if not rule.languages or language in rule.languages:
            out.update(rule.literals)
    return tuple(sorted(out))


def literals_for(language: str, settings: Settings) -> tuple[bytes, ...]:
    codes = tuple(code for code in all_rules() if settings.is_selected(code))
    return _literals(language, codes)
