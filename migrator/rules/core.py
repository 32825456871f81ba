"""TC001 and TC002: what the tool says about files and suppressions themselves."""

from __future__ import annotations

from migrator.rules.base import FixAvailability, Rule, register

UNPARSEABLE = register(
    Rule(
        "TC001",
        "unparseable",
        "A file or site cannot be parsed or decoded, so it was not checked.",
        FixAvailability.NEVER,
        """
        ## What it does
        Reports files that are not UTF-8, cannot be parsed by their front-end, are binary,
        too large, or unreadable when named on the command line; and, in shell, a Tasks call
        that sits inside a part of the script the parser could not read.

        ## Why
        A gate that skips a file silently would pass code it never read.

        ## Example
        `deploy.sh:12:1: TC001 cannot be parsed: ...` — fix the syntax, then run again.

        ## Fix safety
        No fix. The file is never touched.

        ## Known limits
        Files found by walking a directory that are binary, too large or unreadable are
        counted as skipped in the summary rather than reported.
        """,
    )
)
UNUSED_SUPPRESSION = register(
    Rule(
        "TC002",
        "unused-suppression",
        "A `tasks2chats: ignore[...]` comment suppresses nothing.",
        FixAvailability.ALWAYS,
        """
        ## What it does
        Reports suppression comments whose codes match no finding on their line or statement.

        ## Why
        A stale suppression would hide a future finding nobody reviewed.

        ## Example
        `curl "$URL/healthz"  # tasks2chats: ignore[TC104]` — nothing to suppress there.

        ## Fix safety
        Safe: the fix removes the comment (or the unused codes from it).

        ## Known limits
        None.
        """,
    )
)
