"""Duplicate reasons that name a user's column (``--match-on Kundnr``) speak the user's language (issue 14).

The evidence of a column with no role is the header in a translated sentence ("samma Kundnr", "Kundnr
skiljer på ett tecken"), in the ``rensa dedupe`` report, the status column and both clean reports; the
JSON's ``reasons`` stay dedup's English level labels (what programs key on), the explanation is the words.
"""

from __future__ import annotations

import csv
import json

import pytest

from cli.main import main

# rows 1/2: one customer typed twice; rows 4/5: again, with a letter O for a zero in the customer number
REGISTER = """Kundnr;Namn;E-post;Ort
A-1001;Anna Berg;anna.berg@example.se;Umeå
A-1001;Anna Berg;anna.berg@example.se;Umeå
A-1002;Per Ek;per.ek@example.se;Luleå
A-1003;Eva Lind;eva@example.se;Kiruna
A-1O03;Eva Lind;eva@example.se;Kiruna
B-7781;Jon Ås;jon@example.se;Piteå
"""

SAID = {  # language -> (same customer number, one character off, the status of row 2)
    "sv": ("samma Kundnr", "Kundnr skiljer på ett tecken", "Dubblett av rad 2 ("),
    "nb": ("samme Kundnr", "Kundnr skiller seg med ett tegn", "Duplikat av rad 2 ("),
    "da": ("samme Kundnr", "Kundnr, der afviger med ét tegn", "Dublet af række 2 ("),
    "fi": ("sama Kundnr", "Kundnr eroaa yhdellä merkillä", "Rivin 2 kaksoiskappale ("),
    "en": ("same Kundnr", "Kundnr one character off", "Duplicate of row 2 ("),
}


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "kunder.csv"
    path.write_text(REGISTER, encoding="utf-8")
    return path


@pytest.mark.parametrize("language", list(SAID))
def test_dedupe_report_says_the_column_in_the_language(register, tmp_path, language):
    report = tmp_path / "r.json"
    assert main(["dedupe", str(register), "--match-on", "Kundnr,Namn", "--lang", language,
                 "--report", str(report)]) == 0
    found = json.loads(report.read_text(encoding="utf-8"))
    same, off, _ = SAID[language]
    assert found["language"] == language
    assert [c["rows"] for c in found["clusters"]] == [[1, 2], [4, 5]]
    first, second = found["clusters"]
    assert same in first["explanation"] and same in first["pairs"][0]["explanation"]
    assert off in second["explanation"] and off in second["pairs"][0]["explanation"]
    # the reasons are the English labels whatever the language: a program's keys, like codes
    assert "same Kundnr" in first["reasons"] and "Kundnr one character off" in second["reasons"]
    assert "{" not in first["explanation"] + second["explanation"]


def test_english_explanations_are_as_they_were(register, tmp_path):
    report = tmp_path / "r.json"
    assert main(["dedupe", str(register), "--match-on", "Kundnr,Namn", "--lang", "en", "--report", str(report)]) == 0
    first = json.loads(report.read_text(encoding="utf-8"))["clusters"][0]
    assert first["explanation"].startswith(", ".join(first["reasons"]) + ": ") and first["explanation"].endswith(" %")
    assert first["reasons"][-1] == "same Kundnr"


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_clean_status_and_reports_say_the_column_in_the_language(register, tmp_path, language, capsys):
    out, html, report = tmp_path / "out.csv", tmp_path / "r.html", tmp_path / "r.json"
    assert main(["clean", str(register), "--match-on", "Kundnr,Namn", "--lang", language, "-o", str(out),
                 "--report", str(html), "--report", str(report)]) == 0
    same, off, duplicate_of = SAID[language]
    with out.open(encoding="utf-8", newline="") as f:
        status = [row[-1] for row in csv.reader(f, delimiter=";")][1:]
    assert status[1].startswith(duplicate_of) and same in status[1]
    assert off in status[4]
    page = html.read_text(encoding="utf-8")
    assert same in page and off in page and "same Kundnr" not in page
    found = json.loads(report.read_text(encoding="utf-8"))
    assert [c["explanation"].split(": ")[0].endswith(same) for c in found["duplicates"]] == [True, False]
    assert found["status"][1] == status[1]
