"""At ``--dedupe-level company|household``, what the level's sure groups leave out but may be the same customer, on
the CLI: the clusters file's ``may_repeat``, the JSON report and the status column, in the level's words (issue 9)."""

from __future__ import annotations

import csv
import json

from cli.main import main

FIRMS = """Firma;Org.nr;Kontakt;E-post;Telefon;Adress;Postnr;Ort
Haugen Bygg AS;923456783;Tor Haugen;tor@haugenbygg.no;+47 22 11 22 33;Industriveien 4;0580;Oslo
Haugen Bygg;923 456 783;Kari Nilsen;kari@haugenbygg.no;22 11 22 33;Industriveien 4;0580;Oslo
HAUGEN BYGG AS;;Ola Berg;ola@gmail.com;;;;Bergen
Haugen Bygg og Anlegg;;Per Dahl;per@haugenbygg.no;+47 22 99 88 77;;;
Haugen Bygg og Anlegg;;Siv Lund;siv@haugenbygg.no;22998877;;;
;;Mona Vik;mona@haugenbygg.no;;;;
"""
HOMES = """Förnamn;Efternamn;Gatuadress;Postnummer;Ort
Eva;Åberg;Storgatan 5;114 18;Stockholm
Elin;Åberg;Storgatan 5;114 18;Stockholm
Anna;Åberg;Storgatan 5;;Stockholm
Per;Holm;Storgatan 5;114 18;Stockholm
"""


def read(path, delimiter=","):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def test_dedupe_at_the_company_level(tmp_path, capsys):
    (tmp_path / "f.csv").write_text(FIRMS, encoding="utf-8")
    out, report = tmp_path / "k.csv", tmp_path / "r.json"
    assert main(["dedupe", str(tmp_path / "f.csv"), "--lang", "en", "--country", "NO", "--dedupe-level", "company",
                 "--include-review", "--clusters", str(out), "--report", str(report)]) == 0
    # Haugen Bygg (rows 1-2) and Haugen Bygg og Anlegg (rows 4-5) are two sure groups that may be one company; the
    # name without place (row 3) and the company's own domain without a company (row 6) may be Haugen Bygg
    assert read(out) == [["row", "cluster_id", "may_repeat"], ["1", "1", "2"], ["2", "1", "2"], ["3", "", "1"],
                         ["4", "2", "1"], ["5", "2", "1"], ["6", "", "1 2"]]
    said = json.loads(report.read_text())
    assert [(p["row"], p["rows"], p["level"], [e["explanation"] for e in p["pairs"]])
            for p in said["possible_duplicates"]] == [
        (3, [1], "company", ["same company: 75 %"]),
        (6, [1, 4], "company", ["same e-mail domain: 75 %", "same e-mail domain: 75 %"])]
    assert [(c["clusters"], c["rows"], c["level"], c["pair"]["explanation"]) for c in said["close_clusters"]] == [
        ([1, 2], [1, 4], "company", "similar company, same e-mail domain: 75 %")]
    err = capsys.readouterr().err
    assert "2 of these groups may be the same customer as another group: check by hand." in err
    assert "2 more rows may repeat another: check by hand." in err


def test_clean_at_the_household_level(tmp_path, capsys):
    (tmp_path / "f.csv").write_text(HOMES, encoding="utf-8")
    cleaned, report = tmp_path / "out.csv", tmp_path / "r.json"
    assert main(["clean", str(tmp_path / "f.csv"), "--lang", "sv", "--dedupe-level", "household", "--merge",
                 "--output", str(cleaned), "--report", str(report)]) == 0
    status = [row[-1] for row in read(cleaned, ";")[1:]]
    assert status[2] == ("Möjligen samma hushåll som rad 2 (liknande adress, samma efternamn: 75 %): kontrollera "
                         "manuellt.")
    assert status[1].startswith("Ta bort: samma hushåll som rad 2")
    assert status[3] == ""  # another family at the address
    said = json.loads(report.read_text())
    assert [(p["row"], p["rows"], p["level"]) for p in said["possible_duplicates"]] == [(3, [1], "household")]
    assert said["counts"]["possible_duplicate_rows"] == 1
