"""What holds a pair back from "sure", in the pair's own words: the evidence against one customer.

A pair's ``reasons`` list what agrees ("same given name, same family name, same address"). For a sure duplicate that
is the whole story; for a pair that is only *possibly* one customer (a review group's pair, a possible duplicate, two
sure groups that may be one customer) the person who decides by hand needs what disagrees as well: a father and the son
named after him at one home agree on everything but their own mobiles, and "80 %" alone does not say that. So such a
pair also carries ``against``, read from that pair's own levels (issue 9: every sentence states *that* pair's evidence):

* **an own detail that differs** (``Scorer.own_details_differ``): each row holds an e-mail (phone, or a value of a second
  phone or e-mail column) that no one else in the register holds, and the two differ: "each has its own phone". This is
  the detail the namesake cap and the two-people rule read (``Scorer._one_of_namesakes``, ``_own_contacts_differ``). A
  difference where one side is shared (the role address beside a personal one, the switchboard beside a direct line) is
  two ways to reach one company, no evidence, and is not named;
* **a level that says two people** (``Level.apart``: another given or middle name, birth date, personal id, generation,
  a numbered work address, a company row against a person row), by its label: "different generation (Jr./Sr.)";
* **an initial that fits more than one person** where the pair shares only what they share (``Scorer.initial_fits_many``);
* **any other field that differs** (the else level of the address, family name, company, org number ...): "different
  address";
* **a Swedish name and its Finnish form** with no own detail to show they are one person
  (``Scorer.two_forms_unproven``: Johan and Hannu, each also a name of its own in Finland);
* **a birth date against the date in the other row's personal id** (``Scorer.born_apart_by_id``): "one row's birth
  date is not the date in the other's personal id";
* **one Gmail mailbox written with and without dots** where nothing more agrees, in a register whose pairs on such
  spellings are mostly two people (``dotted_mailbox.held_back``): "one row writes the e-mail with dots, the other
  without";
* **a firm named after the family at two addresses** with nothing of the two rows' own agreeing
  (``named_firm.held_back``): "the company is named after the family" (beside "different address");
* **what a member register's own columns say** (``core.dedup.members``): "one row gives the other's name as its
  Foresatt" (a child named after its guardian), "one row's Innmeldt is before the other's birth date", "one row gives
  a Foresatt but the other was of age when it joined".

Each label is a marked message (or a ``Phrase`` naming the user's column), translated where it is shown; the sentence
that joins them to the reasons is core.status's ("..., but each has its own phone: 80 %"). Nothing here changes a score,
a band, a cluster or a Delete mark: it is read only for the few pairs that are reported to be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.dedup import dotted_mailbox, named_firm
from core.dedup.match import Scorer
from core.dedup.models import CloseClusters, DuplicateCluster, PairEvidence, PossibleDuplicate
from core.i18n import N_, Phrase
from core.status import evidence

_OWN = {"email": N_("each has its own e-mail"), "phone": N_("each has its own phone")}
_OWN_BOTH = N_("each has its own e-mail and phone")  # the two above in one (a father and son, two colleagues)
_INITIAL = N_("the initial fits more than one person")
_BORN_BY_ID = N_("one row's birth date is not the date in the other's personal id")
_FORMS = N_("each form of the given name is also a name of its own")
_DOTTED = N_("one row writes the e-mail with dots, the other without")
_NAMED_FIRM = N_("the company is named after the family")


def _own_label(scorer: Scorer, name: str) -> str:
    """"each has its own e-mail" / "... phone", or for a second contact column "each has its own <its header>"."""
    if name in _OWN:
        return _OWN[name]
    column = next(column for column, key in scorer.keys.generic if key == name)
    return Phrase(N_("each has its own {column}"), column=scorer.keys.header[column].strip() or Phrase(N_("column")))


def against(scorer: Scorer, i: np.ndarray, j: np.ndarray, levels: np.ndarray | None = None) -> list[list[str]]:
    """Per pair (0-based rows ``i[n]``, ``j[n]``), the labels of what its own evidence says against one customer, in
    comparison order, each once (see the module's note). ``levels``: the pairs' levels when the caller has them."""
    if levels is None:
        levels = scorer.levels(i, j)
    own = scorer.own_details_differ(levels, i, j)
    initial = scorer.initial_fits_many(levels, i)
    contact = {"email", "phone"} | set(scorer.keys.contact_columns)
    born = scorer.born_apart_by_id(i, j)
    forms = scorer.two_forms_unproven(levels, i, j)
    dotted = dotted_mailbox.held_back(scorer, levels, i, j)
    firm = named_firm.held_back(scorer, levels, i, j)
    members = scorer.keys.members  # a member register's guardian and joined columns (core.dedup.members)
    if members is not None:
        guardian, joined = members.guardian_of_other(i, j), members.joined_before_born(i, j)
        child = members.child_beside_adult(i, j)
    out = []
    for n in range(levels.shape[1]):
        labels: list[str] = []
        for row, comparison in enumerate(scorer.comparisons):
            level = comparison.levels[int(levels[row, n])]
            if comparison.name == "given" and initial[n]:
                labels.append(_INITIAL)
            if comparison.name == "given" and forms[n]:
                labels.append(_FORMS)
            if comparison.name == "email" and dotted[n]:
                labels.append(_DOTTED)
            if comparison.name == "company" and firm[n]:
                labels.append(_NAMED_FIRM)
            if own[row, n]:
                labels.append(_own_label(scorer, comparison.name))
            elif level.apart or (level.is_else and comparison.name not in contact):
                labels.append(level.label)
        if _OWN["email"] in labels and _OWN["phone"] in labels:
            labels[labels.index(_OWN["email"])] = _OWN_BOTH
            labels.remove(_OWN["phone"])
        if born[n]:
            labels.append(_BORN_BY_ID)
        if members is not None:
            if guardian[n]:
                labels.append(Phrase(N_("one row gives the other's name as its {column}"),
                                     column=members.guardian_header or Phrase(N_("column"))))
            if joined[n]:
                labels.append(Phrase(N_("one row's {column} is before the other's birth date"),
                                     column=members.joined_header or Phrase(N_("column"))))
            elif child[n]:
                labels.append(Phrase(N_("one row gives a {column} while the other was of age when it joined"),
                                     column=members.guardian_header or Phrase(N_("column"))))
        out.append(list(dict.fromkeys(label for label in labels if label)))
    return out


def held_back(scorer: Scorer, clusters: Sequence[DuplicateCluster], possible: Sequence[PossibleDuplicate],
              close: Sequence[CloseClusters]) -> None:
    """Give every pair that is reported to be checked by hand its ``against`` and an explanation that says it: the
    pairs of review groups, of possible duplicates and of two sure groups that may be one customer. A review group
    gets its pairs' ``against`` too, each once, and says it in its own explanation. A sure group's pairs are left as
    they are (nothing holds them back)."""
    pairs: list[PairEvidence] = [pair for cluster in clusters if cluster.band != "sure" for pair in cluster.pairs]
    pairs += [pair for found in possible for pair in found.pairs]
    pairs += [link.pair for link in close]
    if not pairs:
        return
    i = np.array([pair.rows[0] - 1 for pair in pairs], dtype=np.int64)
    j = np.array([pair.rows[1] - 1 for pair in pairs], dtype=np.int64)
    for pair, labels in zip(pairs, against(scorer, i, j)):
        if labels:
            pair.against = labels
            pair.explanation = evidence(pair.reasons, pair.score, against=labels)
    for cluster in clusters:
        # one voice: the group's own line says why it is held back, as its pairs' and the rows' notes do
        labels = list(dict.fromkeys(label for pair in cluster.pairs for label in pair.against))
        if cluster.band != "sure" and labels:
            cluster.against = labels
            cluster.explanation = evidence(cluster.reasons, cluster.score, against=labels)
