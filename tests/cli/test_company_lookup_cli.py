"""``rensa clean --company-lookup --enrich …`` against the local registry fakes: statuses in the status column,
the added columns in the output file, the summary and the report."""

from __future__ import annotations

import csv
import json

import pytest

from cli.main import main
from tests.fakes import registries as fake

CSV = (
    "Firma;Orgnr;Postnr;Ort;Land\n"
    "Fjord Fisk AS;923 609 016;5003;Bergen;Norge\n"
    f"Gamle Bakeri AS;{fake.DISSOLVED_NO};0150;Oslo;Norge\n"
    f"Konkurs Konsult AS;{fake.BANKRUPT_NO};0150;Oslo;Norge\n"
    "Uten Nummer AS;;0150;Oslo;Norge\n"
    "Volvo AB;556012-5790;40508;Göteborg;Sverige\n"
)


@pytest.fixture
def registries(monkeypatch, tmp_path):
    with fake.seeded_brreg() as brreg, fake.seeded_prh() as prh:
        monkeypatch.setenv("RENSA_BRREG_URL", brreg.url)
        monkeypatch.setenv("RENSA_PRH_URL", prh.url)
        monkeypatch.setenv("RENSA_CACHE_DIR", str(tmp_path / "cache"))
        yield brreg


def test_company_lookup_writes_statuses_and_new_columns(registries, tmp_path, capsys):
    source = tmp_path / "kunder.csv"
    source.write_text(CSV, encoding="utf-8")
    out, report = tmp_path / "out.csv", tmp_path / "r.json"
    code = main(["clean", str(source), "-o", str(out), "--country", "NO", "--company-lookup",
                 "--enrich", "industry,employees", "--report", str(report), "--report", str(tmp_path / "r.html")])
    assert code == 0
    with out.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["Firma", "Orgnr", "Postnr", "Ort", "Land", "Rensa status", "Industry code", "Industry", "Employees"]
    assert rows[1][6:] == ["03.211", "Produksjon av laks og ørret i hav- og kystbasert akvakultur", "20–49"]
    assert rows[2][5] == "Orgnr: The company was dissolved on 2025-03-14 (Enhetsregisteret)."
    assert rows[3][5].startswith("Orgnr: The company is under bankruptcy since 2026-02-01 (Enhetsregisteret).")
    assert rows[4][6:] == ["", "", ""]
    printed = capsys.readouterr().out
    assert "Companies: 1 of 3 companies no longer exists. 1 is bankrupt, in liquidation or in reorganisation." in printed
    assert "Sweden's company register (Bolagsverket) has no free look-up without an agreement: 1 row not checked." in printed
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["companies"]["gone"] == 1 and body["counts"]["by_code"]["org_id.dissolved"] == 1
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2>Companies</h2>" in page and "Gamle Bakeri AS" in page
    # the second run answers the numbers from the cache; only the name search (never cached: the name is the
    # register's own text) goes out again
    sent = len(registries.requests)
    assert main(["clean", str(source), "--dry-run", "--country", "NO", "--company-lookup", "-q"]) == 0
    assert [r.split("?")[1][:5] for r in registries.requests[sent:]] == ["navn="]


def test_a_dry_run_adds_no_columns_and_enrich_names_what_it_takes(registries, tmp_path, capsys):
    source = tmp_path / "kunder.csv"
    source.write_text(CSV, encoding="utf-8")
    assert main(["clean", str(source), "--dry-run", "--country", "NO", "--company-lookup", "--enrich", "website"]) == 0
    assert "Companies: 1 of 3 companies no longer exists." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["clean", str(source), "--company-lookup", "--enrich", "revenue"])
    assert "choose from industry, employees, address, municipality, registered, website" in capsys.readouterr().err
