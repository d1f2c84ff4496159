"""``rensa dedupe`` end to end on small files: the clusters file, the id column, the messages."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from cli.dedupe import main

REGISTER = """Kundnr;Förnamn;Efternamn;E-post;Telefon;Adress;Postnummer
K1;Anna;Svensson;familjen.svensson@telia.com;08-712 34 56;Storgatan 5;114 55
K2;Erik;Svensson;familjen.svensson@telia.com;08-712 34 56;Storgatan 5;114 55
K3;Kalle;Berg;kalle.berg@gmail.com;070-111 22 33;Ekvägen 3;413 01
K4;Anna;Svenson;Familjen.Svensson@telia.com;+4687123456;Storgatan 5;11455
K5;Karl;Berg;kalleberg@gmail.com;0701112233;;
K6;Maja;Lind;maja@lind.se;;;
"""


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "kunder.csv"
    path.write_text(REGISTER, encoding="utf-8")
    return path


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_clusters_by_row_number(register, tmp_path):
    out = tmp_path / "out.csv"
    assert main([str(register), "--clusters", str(out)]) == 0
    assert read(out) == [["row", "cluster_id"], ["1", "1"], ["2", ""], ["3", "2"], ["4", "1"], ["5", "2"],
                         ["6", ""]]


def test_clusters_by_id_column_and_report(register, tmp_path, capsys):
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    assert main([str(register), "--id-column", "Kundnr", "--clusters", str(out), "--report", str(report)]) == 0
    assert read(out) == [["Kundnr", "cluster_id"], ["K1", "1"], ["K2", ""], ["K3", "2"], ["K4", "1"], ["K5", "2"],
                         ["K6", ""]]
    assert '"explanation": "same given name, similar family name, same e-mail, same phone, same address' in \
        report.read_text(encoding="utf-8")
    assert capsys.readouterr().err == (
        f"6 rows: sure duplicate groups: 2; rows to remove: 2; groups to review: 0. Clusters written to {out}.\n")


def test_threshold_one_finds_nothing_sure(register, tmp_path):
    out = tmp_path / "out.csv"
    assert main([str(register), "--threshold", "1", "--clusters", str(out)]) == 0
    assert [row[1] for row in read(out)[1:]] == [""] * 6
    assert main([str(register), "--threshold", "1", "--include-review", "--clusters", str(out)]) == 0
    assert [row[1] for row in read(out)[1:]] == ["1", "", "2", "1", "2", ""]


@pytest.mark.parametrize("args,message", [
    (["--id-column", "Id"], "--id-column 'Id': the file has no such column. "
                            "Its columns are: Kundnr, Förnamn, Efternamn, E-post, Telefon, Adress, Postnummer.\n"),
    (["--role", "Telefon"], "--role 'Telefon': write it as COLUMN=ROLE.\n"),
    (["--threshold", "0.3", "--review-threshold", "0.6"],
     "The thresholds do not fit together: --review-threshold must not be above --threshold.\n"),
])
def test_errors(register, tmp_path, capsys, args, message):
    assert main([str(register), "--clusters", str(tmp_path / "o.csv"), *args]) == 2
    assert capsys.readouterr().err.startswith(message)


def test_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "nope.csv"), "--clusters", str(tmp_path / "o.csv")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nope.csv'}: the file does not exist.\n"


def test_default_clusters_file_next_to_the_register(register):
    assert main([str(register)]) == 0
    assert read(register.with_suffix(".clusters.csv"))[1] == ["1", "1"]


def test_prepare_rows_normalizes_with_each_modules_own_options():
    """E-mails lose their wrapping (no options), postal codes are read for the register's country."""
    from cli.dedupe import prepare_rows

    rows = [["Åsa Öberg <Asa.Oberg@Example.SE>", "S-111 22"], ["mailto:bo@X.se", "41301"], ["", ""]]
    prepare_rows(rows, ["email", "postal_code"], "SE")
    assert rows == [["Asa.Oberg@example.se", "111 22"], ["bo@x.se", "413 01"], ["", ""]]


def test_dedupe_reads_no_other_language_than_its_own(register, tmp_path):
    # the verdict headers of every language (Ring ej, Soita ei ...) are read by a clean that meets them, not by
    # every command: a dedupe in English loads no other language's catalogue
    script = ("import sys, core.i18n as i18n; loaded = []; load = i18n._load\n"
              "i18n._load = lambda language: loaded.append(language) or load(language)\n"
              "from cli.dedupe import main; main(sys.argv[1:]); print(sorted(set(loaded)))")
    done = subprocess.run([sys.executable, "-c", script, str(register), "--id-column", "Kundnr", "--clusters",
                           str(tmp_path / "out.csv")], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[-2] in ("[]", "['en']")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("Kundnr,cluster_id")
