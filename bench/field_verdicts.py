"""Field verdicts on data nobody here wrote: how often a right value is flagged, how often a hint is wrong.

    pip install -r bench/requirements.txt       # faker
    python bench/field_verdicts.py              # 20,000 values per Faker locale and field

- libphonenumber's own example numbers (every number type of SE, NO, DK, FI, written national,
  international and E.164): a flag on one is a false flag.
- python-stdnum's own valid numbers (tests/core/fields/data/stdnum_valid_numbers.tsv): a flag is false.
- Faker's sv_SE, no_NO, da_DK and fi_FI personal ids, org ids and postal codes, judged against
  python-stdnum and the national postal-code ranges: a flag on a value stdnum calls valid is false.
- Faker's phone numbers are random digits (many are not real numbers, so flags are expected); what must
  not happen is a suggestion in another country than the one the cell or the row names.
"""

from __future__ import annotations

import collections
import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import phonenumbers  # noqa: E402
from faker import Faker  # noqa: E402
from stdnum.fi import hetu  # noqa: E402
from stdnum.no import fodselsnummer  # noqa: E402
from stdnum.se import orgnr, personnummer, vat  # noqa: E402

from core.fields import national_id, phone, postal_code  # noqa: E402

TODAY = datetime.date(2026, 12, 1)
COUNTRIES = {"sv_SE": "SE", "no_NO": "NO", "da_DK": "DK", "fi_FI": "FI"}
# The ranges the postal services use (Sweden 100 00-984 99, Norway 0001-9991, Denmark 0800-9990, Finland 00100-99999).
RANGES = {"SE": (10000, 98499), "NO": (1, 9991), "DK": (800, 9990), "FI": (100, 99999)}
STDNUM_PERSONAL = {"SE": personnummer.is_valid, "NO": fodselsnummer.is_valid, "FI": hetu.is_valid}
DATA = Path(__file__).parents[1] / "tests" / "core" / "fields" / "data" / "stdnum_valid_numbers.tsv"


def libphonenumber_examples() -> str:
    flagged = total = 0
    for region in COUNTRIES.values():
        for kind in range(12):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is None:
                continue
            for style in (phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                          phonenumbers.PhoneNumberFormat.E164):
                total += 1
                flagged += not phone.check(phonenumbers.format_number(number, style), country=region).valid
    return f"libphonenumber examples (SE/NO/DK/FI, every type, 3 layouts): {flagged}/{total} flagged"


def stdnum_numbers() -> str:
    rows = [line.rstrip("\n").split("\t") for line in DATA.open(encoding="utf-8") if not line.startswith("#")]
    flagged = sum(not national_id.check(number, country=country, today=TODAY,
                                        kind="organisation" if role == "org_id" else "personal").valid
                  for country, role, _, number in rows)
    return f"python-stdnum's valid numbers: {flagged}/{len(rows)} flagged"


def faker_values(size: int) -> list[str]:
    lines = []
    for locale, country in COUNTRIES.items():
        fake = Faker(locale)
        fake.seed_instance(2026)
        counts: collections.Counter[str] = collections.Counter()
        for _ in range(size):
            ssn = fake.ssn()
            if country in STDNUM_PERSONAL and STDNUM_PERSONAL[country](ssn):
                counts["ssn valid"] += 1
                counts["ssn flagged"] += not national_id.check(ssn, country=country, kind="personal", today=TODAY).valid
            if country == "SE":
                org = fake.org_id()
                if orgnr.is_valid(org):
                    counts["org valid"] += 1
                    counts["org flagged"] += not national_id.check(org, country="SE", kind="organisation").valid
                number = fake.vat_id()  # Faker writes SE + 16 + orgnr + 01, which stdnum (rightly) refuses
                if vat.is_valid(number):
                    counts["vat"] += 1
                    counts["vat flagged"] += not national_id.check(number, country="SE", kind="organisation").valid
            code = fake.postcode()
            if RANGES[country][0] <= int(code) <= RANGES[country][1]:  # Faker also makes codes nobody uses
                counts["postcode"] += 1
                counts["postcode flagged"] += not postal_code.check(code, country=country).valid
            number = fake.phone_number()
            report = phone.check(number, country=country)
            counts["phone"] += 1
            for problem in report.issues:
                if problem.suggestion:
                    suggested = phonenumbers.parse(problem.suggestion.split(" ext")[0])
                    if phonenumbers.region_code_for_number(suggested) not in (country, "AX"):
                        counts["phone hint in another country"] += 1
        parts = []
        if counts["ssn valid"]:
            parts.append(f"personal ids stdnum calls valid flagged {counts['ssn flagged']}/{counts['ssn valid']}")
        if counts["org valid"]:
            parts.append(f"org ids {counts['org flagged']}/{counts['org valid']}, VAT numbers stdnum calls valid "
                         f"{counts['vat flagged']}/{counts['vat']}")
        parts.append(f"postal codes in the national range flagged {counts['postcode flagged']}/{counts['postcode']}")
        parts.append(f"phone hints in another country {counts['phone hint in another country']}/{counts['phone']}")
        lines.append(f"{locale}: " + "; ".join(parts))
    return lines


def main() -> int:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(libphonenumber_examples())
    print(stdnum_numbers())
    for line in faker_values(size):
        print(line)
    print(f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
