"""Typo hints on e-mail domains: false hints on data nobody here wrote, and true hints on made-up typos.

    pip install -r bench/requirements.txt       # faker
    python bench/email_typo_hints.py            # 20,000 addresses per Nordic Faker locale

False hints: every ``email.typo`` on Faker's sv_SE, no_NO, da_DK and fi_FI ``company_email()`` (its company
domains are surnames: holm.com, lind.com, laine.fi, lie.no) is wrong, as none of them is a misspelled
provider. True hints: one keyboard slip (a letter dropped, doubled, swapped with its neighbour, or hit next
to it) in the most common Nordic provider domains must get the right provider.
"""

from __future__ import annotations

import collections
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from faker import Faker  # noqa: E402

from core.fields import email  # noqa: E402

LOCALES = ("sv_SE", "no_NO", "da_DK", "fi_FI")
COMMON = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "live.se", "telia.com", "hotmail.se",
          "online.no", "live.no", "hotmail.no", "hotmail.dk", "live.dk", "mail.dk", "jubii.dk", "outlook.dk",
          "hotmail.fi", "luukku.com", "suomi24.fi", "kolumbus.fi", "bredband.net", "comhem.se", "yahoo.se"]
# The key to the right of each letter on a Nordic keyboard (none at a row's end).
NEAR = {a: b for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm") for a, b in zip(row, row[1:])}


def slips(domain: str, rng: random.Random) -> list[str]:
    label, _, tld = domain.partition(".")
    made = set()
    for i in range(len(label)):
        made.add(label[:i] + label[i + 1:])  # dropped
        made.add(label[:i] + label[i] + label[i:])  # doubled
        if i + 1 < len(label):
            made.add(label[:i] + label[i + 1] + label[i] + label[i + 2:])  # swapped
        if label[i] in NEAR:
            made.add(label[:i] + NEAR[label[i]] + label[i + 1:])  # the key next to it
    return sorted(f"{m}.{tld}" for m in made if m and m != label)


def main() -> int:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(2026)
        addresses = [fake.company_email() for _ in range(size)]
        hints = collections.Counter()
        for address in addresses:
            for problem in email.check(address).issues:
                if problem.code == "email.typo":
                    hints[(address.rpartition("@")[2], problem.suggestion.rpartition("@")[2])] += 1
        shown = ", ".join(f"{a}→{b} {n}" for (a, b), n in hints.most_common(6))
        print(f"{locale}: {sum(hints.values())} false typo hints in {size:,} addresses ({shown})")
    rng = random.Random(2026)
    right = wrong = none = 0
    for provider in COMMON:
        for typo in slips(provider, rng):
            if typo in email.PROVIDERS:
                continue
            got = email.suggest_domain(typo)
            right += got == provider
            wrong += got is not None and got != provider
            none += got is None
    total = right + wrong + none
    print(f"one-slip typos of {len(COMMON)} common providers: {right}/{total} right hints ({right / total:.1%}), "
          f"{wrong} wrong, {none} without a hint; load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
