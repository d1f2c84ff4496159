"""A row that may repeat a customer of a sure group, and two sure groups that may be one customer, on every CLI
surface: the clusters file, the JSON reports of ``rensa dedupe`` and ``rensa clean``, the HTML report, the summary and
the status column (issue 9)."""

from __future__ import annotations

import csv
import json

import pytest

from cli.main import main

HAUGEN = """Kundnr;Förnamn;Efternamn;E-post;Telefon;Adress;Postnr;Ort
1;Tor;Haugen;tor.haugen@gmail.com;+47 912 34 567;Storgata 1;0155;Oslo
2;Tor;Haugen;tor.haugen@gmail.com;;Storgata 1;0155;Oslo
3;T.;Haugen;;;Storgata 1;0155;Oslo
4;Tone;Haugen;tone.h@online.no;+47 913 11 111;Storgata 1;0155;Oslo
5;Tone;Haugen;tone.h@online.no;;Storgata 1;0155;Oslo
"""
# Tor (rows 1-2) and Tone (rows 5-6) each twice; "T. Haugen" twice (rows 3-4): a sure group that may be either
GROUPS = """Kundnr;Förnamn;Efternamn;E-post;Telefon;Adress;Postnr;Ort
1;Tor;Haugen;tor.haugen@gmail.com;+47 912 34 567;Storgata 1;0155;Oslo
2;Tor;Haugen;tor.haugen@gmail.com;;Storgata 1;0155;Oslo
3;T.;Haugen;;+47 900 00 001;Storgata 1;0155;Oslo
4;T.;Haugen;;+47 900 00 001;Storgata 1;0155;Oslo
5;Tone;Haugen;tone.h@online.no;+47 913 11 111;Storgata 1;0155;Oslo
6;Tone;Haugen;tone.h@online.no;;Storgata 1;0155;Oslo
"""
# what agrees, and what holds the pair back ("T." fits Tor and Tone alike: issue 9)
SV_EVIDENCE = "förnamnets initial stämmer, samma efternamn, samma adress, men initialen passar fler än en person: 90\xa0%"
EVIDENCE = "given name initial matches, same family name, same address, but the initial fits more than one person: 90 %"


@pytest.fixture
def register(tmp_path):
    (tmp_path / "f.csv").write_text(HAUGEN, encoding="utf-8")
    return tmp_path / "f.csv"


@pytest.fixture
def groups(tmp_path):
    (tmp_path / "g.csv").write_text(GROUPS, encoding="utf-8")
    return tmp_path / "g.csv"


def read(path, delimiter=","):
    """The rows of a CSV file Rensa wrote (the clusters file; the cleaned register with ``;``)."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def test_dedupe_reports_the_row_and_the_clusters_file_names_what_it_may_repeat(register, tmp_path, capsys):
    out, report = tmp_path / "k.csv", tmp_path / "r.json"
    assert main(["dedupe", str(register), "--lang", "en", "--country", "NO", "--id-column", "Kundnr",
                 "--include-review", "--clusters", str(out), "--report", str(report)]) == 0
    # one cluster per row still; row 3 is in none and names the sure clusters it may repeat
    assert read(out) == [["Kundnr", "cluster_id", "may_repeat"], ["1", "1", ""], ["2", "1", ""], ["3", "", "1 2"],
                         ["4", "2", ""], ["5", "2", ""]]
    said = json.loads(report.read_text())
    assert [(p["row"], p["rows"], p["clusters"], [e["explanation"] for e in p["pairs"]])
            for p in said["possible_duplicates"]] == [(3, [1, 4], [1, 2], [EVIDENCE, EVIDENCE])]
    assert "1 more row may repeat another: check by hand." in capsys.readouterr().err.splitlines()
    # without --include-review the file keeps its two columns (programs that read it are not surprised)
    assert main(["dedupe", str(register), "--lang", "en", "--country", "NO", "--clusters", str(out)]) == 0
    assert [line[0:2] for line in read(out)] == [["row", "cluster_id"]] + [[str(n), c] for n, c in
                                                                             enumerate(["1", "1", "", "2", "2"], start=1)]
    assert len(read(out)[0]) == 2


def test_the_clean_s_reports_summary_and_status_say_it(register, tmp_path, capsys):
    html, report, cleaned = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "out.csv"
    assert main(["clean", str(register), "--lang", "en", "--country", "NO", "--merge", "--output", str(cleaned),
                 "--report", str(html), "--report", str(report)]) == 0
    assert "1 more row may repeat another: check by hand." in capsys.readouterr().out
    status = [row[-1] for row in read(cleaned, ";")[1:]]
    assert status[2] == f"Possible duplicate of row 2 ({EVIDENCE}) or row 5 ({EVIDENCE}): check by hand."
    assert [s.startswith("Delete:") for s in status] == [False, True, False, False, True]
    page = html.read_text()
    section = page[page.index("<h3>Possible duplicates"):]
    why = "given name initial matches, same family name, same address, but the initial fits more than one person: 90%"
    assert f'<td class="n">4</td><td>2 or 5</td><td>row 2: {why}<br>row 5: {why}</td>' in section
    said = json.loads(report.read_text())
    assert [(p["row"], p["rows"]) for p in said["possible_duplicates"]] == [(3, [1, 4])]
    assert said["counts"]["possible_duplicate_rows"] == 1
    assert said["counts"]["rows_to_delete"] == 2


def test_the_json_report_explains_in_the_user_s_language(register, tmp_path):
    report = tmp_path / "r.json"
    assert main(["clean", str(register), "--lang", "sv", "--country", "NO", "--dry-run", "-q",
                 "--report", str(report)]) == 0
    pairs = json.loads(report.read_text())["possible_duplicates"][0]["pairs"]
    assert [p["explanation"] for p in pairs] == [SV_EVIDENCE] * 2
    assert pairs[0]["reasons"] == ["given name initial matches", "same family name", "same address"]  # keys stay


def test_dedupe_names_the_other_groups_and_reports_the_pair(groups, tmp_path, capsys):
    out, report = tmp_path / "k.csv", tmp_path / "r.json"
    assert main(["dedupe", str(groups), "--lang", "en", "--country", "NO", "--id-column", "Kundnr",
                 "--include-review", "--clusters", str(out), "--report", str(report)]) == 0
    # each row keeps its own sure cluster; may_repeat names the other sure clusters that may be the same customer
    assert read(out) == [["Kundnr", "cluster_id", "may_repeat"], ["1", "1", "2"], ["2", "1", "2"], ["3", "2", "1 3"],
                         ["4", "2", "1 3"], ["5", "3", "2"], ["6", "3", "2"]]
    said = json.loads(report.read_text())
    assert [(c["clusters"], c["rows"], c["pair"]["explanation"]) for c in said["close_clusters"]] == [
        ([1, 2], [2, 3], EVIDENCE), ([2, 3], [3, 6], EVIDENCE)]
    err = capsys.readouterr().err.splitlines()
    assert "3 of these groups may be the same customer as another group: check by hand." in err


def test_the_clean_s_reports_summary_and_status_say_the_groups(groups, tmp_path, capsys):
    html, report, cleaned = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "out.csv"
    assert main(["clean", str(groups), "--lang", "en", "--country", "NO", "--merge", "--output", str(cleaned),
                 "--report", str(html), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "3 rows repeat another row (customers listed more than once: 3)." in out
    assert "3 of these groups may be the same customer as another group: check by hand." in out
    status = [row[-1] for row in read(cleaned, ";")[1:]]
    assert status[0].endswith(f"Rows 2 and 3 may be the same customer as rows 4 and 5 (row 3 against row 4: "
                              f"{EVIDENCE}): check by hand.")
    assert [s.startswith("Delete:") for s in status] == [False, True, False, True, False, True]  # as before
    page = html.read_text()
    section = page[page.index("<h3>Groups that may be one customer"):]
    assert ("<tr><td>2, 3</td><td>4, 5</td><td>row 3 against row 4: given name initial matches, same family name, "
            "same address, but the initial fits more than one person: 90%</td></tr>") in section
    said = json.loads(report.read_text())
    assert [(c["clusters"], c["rows"]) for c in said["close_clusters"]] == [([1, 2], [2, 3]), ([2, 3], [3, 6])]
    assert said["counts"]["close_groups"] == 3


def test_the_json_report_explains_the_groups_in_the_user_s_language(groups, tmp_path):
    report = tmp_path / "r.json"
    assert main(["clean", str(groups), "--lang", "sv", "--country", "NO", "--dry-run", "-q",
                 "--report", str(report)]) == 0
    pair = json.loads(report.read_text())["close_clusters"][0]["pair"]
    assert pair["explanation"] == SV_EVIDENCE
    assert pair["reasons"] == ["given name initial matches", "same family name", "same address"]  # keys stay
