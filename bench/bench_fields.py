"""Per-module throughput of core.fields on 100,000 realistic generated values.

    python bench/bench_fields.py            # 100,000 values per module
    python bench/bench_fields.py 20000      # fewer, for a quick look

Values are generated (seeded) to look like a Nordic register: mostly valid,
with typos, role addresses, Excel damage and junk mixed in, and with the
repetition real registers have (domains, cities, postal codes, first names).
Each module's cache is cleared before its run, so the figure includes misses.
Prints calls/s for check() per module and for normalize() where dedup uses it.
"""

from __future__ import annotations

import datetime
import gc
import inspect
import random
import sys
import time
from functools import partial

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from core.fields import FIELDS, FieldContext, cell
from core.fields.luhn import calc_check_digit

GIVEN = "Anna Erik Maria Lars Karin Per Eva Johan Sara Ola Kari Mette Jussi Aino Åsa Björn Søren Päivi Nils Ingrid".split()
FAMILY = "Svensson Andersson Johansson Nilsen Hansen Jensen Virtanen Korhonen Öberg Ødegård af Klint Lindqvist".split()
DOMAINS = ["gmail.com", "hotmail.com", "telia.com", "outlook.com", "live.se", "online.no", "yahoo.com", "icloud.com",
           "gmial.com", "firma.se", "bolaget.no", "yritys.fi", "virksomhed.dk"]
ASCII = str.maketrans("åäöøæéü", "aaooaeu")
CITIES = ["Stockholm", "GÖTEBORG", "malmö", "Oslo", "Bergen", "København K", "Aarhus C", "Helsinki", "Upplands Väsby"]
STREETS = ["storgatan", "Kungsgatan", "DROTTNINGGATAN", "Karl Johans gate", "Vestergade", "Mannerheimintie"]


def with_luhn(digits: str) -> str:
    return digits + calc_check_digit(digits)


def values(role: str, rng: random.Random, n: int) -> list[str]:
    make = {
        # Local parts are mostly transliterated (asa.oberg@), as mail providers require; 2 % keep å/ä/ö.
        "email": lambda: rng.choice(["", "info@", "  "]) * (rng.random() < 0.05)
        + f"{rng.choice(GIVEN).lower().translate(ASCII if rng.random() < 0.98 else {})}.{rng.randint(1, 99999)}"
        + f"@{rng.choice(DOMAINS)}"
        + rng.choice(["", "", "", " ", "\u00a0"]),
        # A Swedish register: mobiles and landlines in national and international form, a few
        # Norwegian and Finnish numbers with +, a few lost leading zeros and scientific-notation cells.
        "phone": lambda: rng.choices([
            f"070-{rng.randint(0, 9999999):07d}", f"+46 7{rng.choice('0236')} {rng.randint(100, 999)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}", f"08-{rng.randint(1000000, 9999999)}", f"+47 9{rng.randint(1000000, 9999999)}",
            f"031-{rng.randint(100000, 999999)}", f"+358 4{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}",
            f"7{rng.choice('0236')}{rng.randint(0, 9999999):07d}", f"4.67{rng.randint(10, 99)}E+10",
            f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)} / 08-{rng.randint(1000000, 9999999)}"],
            weights=[35, 25, 15, 5, 10, 3, 4, 1, 2])[0],
        "full_name": lambda: f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}".upper() if rng.random() < 0.2
        else f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        "given_name": lambda: rng.choice(GIVEN),
        "family_name": lambda: rng.choice(FAMILY),
        "company": lambda: rng.choice(["Volvo AB", "IKEA AB", "ica sverige ab", "Equinor ASA", "Oy Karl Fazer Ab"]),
        "street": lambda: f"{rng.choice(STREETS)} {rng.randint(1, 120)}{rng.choice(['', 'a', 'B'])}",
        "postal_code": lambda: rng.choice([f"{rng.randint(100, 984)} {rng.randint(0, 99):02d}", f"{rng.randint(10000, 98499)}",
                                           f"SE-{rng.randint(10000, 98499)}"]),
        "city": lambda: rng.choice(CITIES),
        "country": lambda: rng.choice(["Sverige", "SE", "Norge", "Danmark", "Suomi", "Finland", "sweden", ""]),
        "personal_id": lambda: (lambda b: b[:6] + "-" + b[6:])(with_luhn(f"{rng.randint(40, 99)}{rng.randint(1, 12):02d}"
                                                                        f"{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}")),
        "org_id": lambda: (lambda b: b[:6] + "-" + b[6:])(with_luhn(f"556{rng.randint(0, 999999):06d}")),
        "birth_date": lambda: rng.choice([f"19{rng.randint(30, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                          f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.19{rng.randint(30, 99)}"]),
        "updated_at": lambda: f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:00",
    }[role]
    return [make() for _ in range(n)]


def rate(func, items, **options) -> float:
    gc.collect()
    start = time.perf_counter()
    for item in items:
        func(item, **options)
    return len(items) / (time.perf_counter() - start)


def clear_caches(module) -> None:
    for name in dir(module):
        clear = getattr(getattr(module, name), "cache_clear", None)
        if clear:
            clear()


def _library_email(value: str) -> None:
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        pass


def _library_phone(value: str) -> None:
    try:
        number = phonenumbers.parse(value, "SE")
    except phonenumbers.NumberParseException:
        return
    if phonenumbers.is_valid_number(number):
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        phonenumbers.number_type(number)


def main(n: int) -> None:
    rng = random.Random(2026)
    today = datetime.date(2026, 11, 22)
    print(f"{'role':<13} {'analyse/s':>10} {'check/s':>10} {'normalize/s':>12}  (n={n:,}, caches cleared first)")
    for role, field in FIELDS.items():
        data = values(role, rng, n)
        module, bound = field.module, field.bind(FieldContext(country="SE", today=today))
        options = dict(bound.keywords) if isinstance(bound, partial) else {}  # what the role passes its module
        tidy = {key: value for key, value in options.items() if key in inspect.signature(module.normalize).parameters}
        clear_caches(module)
        analysed = rate(module.analyse, data, **options)
        clear_caches(module)
        checked = rate(module.check, data, **options)
        print(f"{role:<13} {analysed:>10,.0f} {checked:>10,.0f} {rate(module.normalize, data, **tidy):>12,.0f}")
    # The libraries alone on the same kind of values, for a load-independent ratio.
    mails, phones = values("email", rng, n), values("phone", rng, n)
    clear_caches(FIELDS["email"].module)
    clear_caches(FIELDS["phone"].module)
    ours = rate(FIELDS["email"].module.analyse, mails), rate(FIELDS["phone"].module.analyse, phones, country="SE")
    libs = rate(_library_email, mails), rate(_library_phone, phones)
    print(f"ratio analyse / library alone: email {ours[0] / libs[0]:.1f}x ({libs[0]:,.0f}/s), "
          f"phone {ours[1] / libs[1]:.1f}x ({libs[1]:,.0f}/s)")
    data = values("full_name", rng, n) + ["=HYPERLINK(\"x\")", "+46 70 123 45 67"] * (n // 20)
    print(f"{'(cell)':<13} {rate(cell.analyse, data):>10,.0f} {rate(cell.check, data):>10,.0f} {rate(cell.normalize, data):>12,.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
