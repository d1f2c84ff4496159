"""Duplicates at the company or household level: rows that are one customer *organisation* or one *home*.

``rensa clean --dedupe-level company`` treats every contact at one company as one customer: rows with the same
organisation number are one company (sure); rows without one whose company names agree once the legal form is
dropped ("Haugen Bygg AS" = "Haugen Bygg") are one company when they also share an address, a postcode, a
phone or an e-mail domain (sure), and on the name alone only to review. Two different organisation numbers
are two companies, whatever the names say.

``--dedupe-level household`` treats the people of one home as one customer: the same street address (with
the same postcode, or the same town) and the same family name (sure). Rows with no address or no family name
are left out: they say nothing about a home.

Groups are made by the shared key, not by chains of similar pairs, so there is nothing to chain; every row's
evidence is stated against the row the group keeps.

>>> header = ["Firma", "Org.nr", "Namn"]
>>> rows = [["Haugen Bygg AS", "912345678", "Tor"], ["Haugen Bygg", "912345678", "Kari"], ["Berg AS", "", "Ola"]]
>>> [(c.rows, c.band, c.pairs[0].reasons) for c in company_clusters(header, rows, ["company", "org_id", "full_name"])]
[([1, 2], 'sure', ['same organisation number', 'same company'])]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import numpy as np

from core.dedup.cluster import merge_proposal, survivor
from core.dedup.keys import Keys, fold
from core.dedup.models import DedupConfig, DuplicateCluster, MergeProposal, PairEvidence

# Legal forms dropped from a company name before names are compared (Nordic, then common foreign ones)
_LEGAL_FORMS = re.compile(
    r"\b(?:ab|publ|hb|kb|ek for|ekonomisk forening|as|asa|ans|da|enk|sa|ba|nuf|a s|aps|i s|k s|p s|amba|smba|"
    r"oy|oyj|ky|tmi|ry|ltd|limited|gmbh|inc|llc|plc|bv|sarl)\b")


def company_name_key(value: str) -> str:
    """A company name folded, without its legal form.

    >>> company_name_key("Haugen Bygg AS"), company_name_key("HAUGEN BYGG"), company_name_key("Åbergs Måleri AB")
    ('haugen bygg', 'haugen bygg', 'abergs maleri')
    """
    return " ".join(_LEGAL_FORMS.sub(" ", fold(value)).split())


def _table(rows: Sequence[Sequence[str]], column: int | None) -> list[str]:
    if column is None:
        return [""] * len(rows)
    return [(row[column] if column < len(row) else "") or "" for row in rows]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, r: int) -> int:
        while self.parent[r] != r:
            self.parent[r] = self.parent[self.parent[r]]
            r = self.parent[r]
        return r

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for r in range(len(self.parent)):
            out.setdefault(self.find(r), []).append(r)
        return [g for g in out.values() if len(g) > 1]


def _by_key(union: _Union, keys: list[str], allowed: list[bool] | None = None) -> None:
    first: dict[str, int] = {}
    for r, key in enumerate(keys):
        if key and (allowed is None or allowed[r]):
            if key in first:
                union.join(first[key], r)
            else:
                first[key] = r


def _clusters(groups: Iterable[Iterable[int]], evidence: Callable[[int, int], tuple[list[str], bool]],
              header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None], keys: Keys,
              config: DedupConfig, level: Literal["company", "household"]) -> list[DuplicateCluster]:
    out: list[DuplicateCluster] = []
    for rows_ in sorted((sorted(g) for g in groups), key=lambda g: g[0]):
        keep = survivor(rows_, rows, roles)
        pairs, band = [], "sure"
        for r in rows_:
            if r == keep:
                continue
            reasons, sure = evidence(keep, r)
            score = 0.99 if sure else 0.75
            band = band if sure else "review"
            pairs.append(PairEvidence(rows=sorted([keep + 1, r + 1]), score=score, reasons=reasons,
                                      explanation=f"{', '.join(reasons)}: {int(score * 100)} %"))
        common = [x for x in pairs[0].reasons if all(x in p.reasons for p in pairs)]
        score = min(p.score for p in pairs)
        out.append(DuplicateCluster(
            cluster_id=len(out) + 1, rows=[r + 1 for r in rows_], survivor=keep + 1, score=score, band=band,
            reasons=common, explanation=f"{', '.join(common) or 'similar rows'}: {int(score * 100)} %", pairs=pairs,
            level=level, merge=merge_proposal(rows_, keep, header, rows, roles, keys) if config.merge_proposals
            else MergeProposal()))
    return out


def company_clusters(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                     config: DedupConfig | None = None) -> list[DuplicateCluster]:
    """Clusters of rows that are one company."""
    config = config or DedupConfig(level="company")
    roles = list(roles) + [None] * (len(header) - len(roles))
    keys = Keys(header, rows, roles, country=config.country)
    column = {role: roles.index(role) if role in roles else None for role in
              ("company", "org_id", "street", "postal_code", "city", "phone", "email")}
    org = ["".join(ch for ch in v if ch.isalnum()).upper() for v in _table(rows, column["org_id"])]
    name = [company_name_key(v) for v in _table(rows, column["company"])]
    street = [fold(v) for v in _table(rows, column["street"])]
    postal = [fold(v).replace(" ", "") for v in _table(rows, column["postal_code"])]
    phone = [v for v in (keys["phone"].strings(np.arange(len(rows))) if "phone" in keys else [""] * len(rows))]
    domain = [v.rpartition("@")[2].strip().lower() for v in _table(rows, column["email"])]
    union = _Union(len(rows))
    _by_key(union, org)
    # without an org number, the name joins rows of one company, never two numbers
    by_name: dict[str, set[str]] = {}
    for r, key in enumerate(name):
        if key and org[r]:
            by_name.setdefault(key, set()).add(org[r])
    _by_key(union, name, [not org[r] or len(by_name.get(name[r], ())) <= 1 for r in range(len(rows))])
    groups = [g for g in union.groups() if len({org[r] for r in g if org[r]}) <= 1]

    def evidence(a: int, b: int) -> tuple[list[str], bool]:
        reasons = []
        if org[a] and org[a] == org[b]:
            reasons.append("same organisation number")
        if name[a] and name[a] == name[b]:
            reasons.append("same company")
        place = [label for label, values in (("same address", street), ("same postal code", postal),
                                             ("same phone", phone), ("same e-mail domain", domain))
                 if values[a] and values[a] == values[b]]
        reasons += place
        return reasons, "same organisation number" in reasons or bool(place)

    return _clusters(groups, evidence, header, rows, roles, keys, config, "company")


def household_clusters(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                       config: DedupConfig | None = None) -> list[DuplicateCluster]:
    """Clusters of rows that are one household: the same address and family name."""
    config = config or DedupConfig(level="household")
    roles = list(roles) + [None] * (len(header) - len(roles))
    keys = Keys(header, rows, roles, country=config.country)
    n = np.arange(len(rows))
    street = keys["street"].strings(n) if "street" in keys else [""] * len(rows)
    postal = keys["postal"].strings(n) if "postal" in keys else [""] * len(rows)
    city = keys["city"].strings(n) if "city" in keys else [""] * len(rows)
    family = keys["family_skel"].strings(n) if "family_skel" in keys else [""] * len(rows)
    place = [f"{s}|{p or c}" if s and (p or c) else "" for s, p, c in zip(street, postal, city)]
    home = [f"{h}|{f}" if h and f else "" for h, f in zip(place, family)]
    union = _Union(len(rows))
    _by_key(union, home)

    def evidence(a: int, b: int) -> tuple[list[str], bool]:
        return ["same address", "same family name"], True

    return _clusters(union.groups(), evidence, header, rows, roles, keys, config, "household")
