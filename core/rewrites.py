"""What a clean changes, by kind: ``Sverige → SE × 153``, ``070-941 20 25 → +46 70 941 20 25 × 212``.

A kind of rewrite is one column and one change of shape: the value's letters, digits and signs with each
run of one class written once (``070-941 20 25`` is ``9-9 9 9``, ``Sverige`` is ``Aa``), before and after.
So every Swedish mobile number written with a dash and spaces lands in one kind, every country name
turned into its code in another, and each kind keeps its count and its most frequent examples.

A change is *tidied* when the cell had a value and has no problem: the value was right and only its layout
changed. It *filled* a cell that was empty (from a duplicate the clean merged, or from the row's full name). Any
other change *fixed* something (a formula neutralised, a value with a problem rewritten).
``core.models.CleanCounts.cells_tidied`` counts tidied changes the same way.

Works on changes with values (a clean, the CLI's test wash) and on changes without them (the API's free
dry run shows positions only): then each column has one kind with its count and no examples.

>>> kinds = rewrite_kinds([{"row": 1, "column": 0, "header": "Land", "before": "Sverige", "after": "SE"},
...                        {"row": 2, "column": 0, "header": "Land", "before": "Norge", "after": "NO"},
...                        {"row": 3, "column": 0, "header": "Land", "before": "Sverige", "after": "SE"}], set())
>>> [(k.header, k.count, k.tidied, k.examples) for k in kinds]
[('Land', 3, True, [('Sverige', 'SE', 2), ('Norge', 'NO', 1)])]
>>> shape("070-941 20 25"), shape("+46 70 941 20 25"), shape("Anna@Example.SE")
('9-9 9 9', '+9 9 9 9 9', 'Aa@Aa.A')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def _class(ch: str) -> str:
    if ch.isdigit():
        return "9"
    if ch.isalpha():
        return "A" if ch.isupper() else "a"
    return ch


def shape(value: str) -> str:
    """The value's classes of characters, each run written once (``Sverige`` -> ``Aa``)."""
    out: list[str] = []
    for ch in value:
        c = _class(ch)
        if not out or out[-1] != c or c not in "9Aa":
            out.append(c)
    return "".join(out)


@dataclass
class RewriteKind:
    column: int
    header: str
    tidied: bool
    count: int = 0
    before_shape: str | None = None
    after_shape: str | None = None
    pairs: Counter = field(default_factory=Counter)

    @property
    def filled(self) -> bool:
        """The cell was empty before (a merge fill, a split full name): neither tidied nor a fix of a value."""
        return self.before_shape == ""

    @property
    def examples(self) -> list[tuple[str, str, int]]:
        return [(before, after, n) for (before, after), n in self.pairs.most_common(2)]

    def to_json(self) -> dict:
        return {"column": self.column, "header": self.header, "tidied": self.tidied, "filled": self.filled,
                "count": self.count,
                "examples": [{"before": b, "after": a, "count": n} for b, a, n in self.examples]}


# Distinct example pairs kept per kind: enough to find the two most frequent, bounded for a million rows.
_PAIRS_KEPT = 2000


def rewrite_kinds(changes: Iterable[Mapping], flagged: set[tuple[int, int]]) -> list[RewriteKind]:
    """Changes (dicts with row, column, header and, when known, before/after) grouped by kind, most first.

    ``flagged`` holds the (row, column) cells that have an issue: a change there is a fix, not tidying.
    """
    kinds: dict[tuple, RewriteKind] = {}
    for change in changes:
        before, after = change.get("before"), change.get("after")
        cell = (change["row"], change["column"])
        tidied = bool(before) and cell not in flagged if before is not None else cell not in flagged
        key = (change["column"], tidied, None if before is None else shape(before),
               None if after is None else shape(after))
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = RewriteKind(change["column"], change["header"], tidied, 0, key[2], key[3])
        kind.count += 1
        if before is not None and (len(kind.pairs) < _PAIRS_KEPT or (before, after) in kind.pairs):
            kind.pairs[(before, after)] += 1
    return sorted(kinds.values(), key=lambda k: (-k.count, k.column))
