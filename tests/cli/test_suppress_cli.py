"""rensa clean --suppress: real-shaped list files matched through the CLI, verdict columns, report sections."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from cli.main import main

FILES = Path(__file__).resolve().parents[1] / "data" / "suppression"
TODAY = dt.date.today()  # the CLI takes the machine's date, as a user's run does


@pytest.fixture
def folder(tmp_path):
    for path in FILES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="cp1252", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_lists_mark_rows_in_new_filterable_columns(folder, capsys):
    recent = (TODAY - dt.timedelta(days=5)).isoformat()
    code = main(["clean", str(folder / "kunder.csv"), "--report", str(folder / "r.json"), "--report", str(folder / "r.html"),
                 "--suppress", f"nix={folder / 'nix_2026-11-02.txt'}@{recent}",
                 "--suppress", f"deceased={folder / 'deceased_bureau.csv'}",
                 "--suppress", f"opt_out_email={folder / 'opt_out_email.csv'}"])
    assert code == 0
    rows = _rows(folder / "kunder.cleaned.csv")
    assert rows[0][7:] == ["Kund", "Rensa status", "Ring ej", "Posta ej", "E-posta ej"]
    assert [r[9:] for r in rows[1:]] == [["NIX-Telefon", "", ""], ["NIX-Telefon", "", "Egen spärrlista"],
                                         ["Avliden", "Avliden", "Avliden"], ["NIX-Telefon", "", ""],
                                         ["", "", "Egen spärrlista"]]
    assert rows[3][1] == "701112233"  # Excel-damaged: flagged, matched by its digits, not rewritten
    report = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    assert [(s["kind"], s["date"], s["expired"], s["matches"], s["entries"]) for s in report["suppression"]] == [
        ("nix", recent, False, 3, 5), ("deceased", None, False, 1, 1), ("opt_out_email", None, False, 2, 2)]
    assert report["counts"]["by_code"]["suppressed.nix"] == 3
    assert report["contact"]["summary"]["phone"] == {"may_contact": 0, "closed": 4, "unchecked": 0, "no_value": 1}
    page = (folder / "r.html").read_text(encoding="utf-8")
    assert "Who may be contacted" in page and "nix_2026-11-02.txt" in page
    out = capsys.readouterr().out
    assert "May be contacted on " in out and "by phone 0 of 4 rows with a number" in out

    # the cleaned file cleaned again: its verdict columns are made again, not repeated or cleaned as data
    assert main(["clean", str(folder / "kunder.cleaned.csv"), "-o", str(folder / "again.csv"), "-q",
                 "--suppress", f"opt_out_email={folder / 'opt_out_email.csv'}"]) == 0
    again = _rows(folder / "again.csv")
    assert again[0][7:] == ["Kund", "Rensa status", "Ring ej", "Posta ej", "E-posta ej"]
    assert [r[9:] for r in again[1:]] == [["", "", ""], ["", "", "Egen spärrlista"], ["", "", ""], ["", "", ""],
                                          ["", "", "Egen spärrlista"]]


def test_an_expired_list_is_named_in_the_summary_and_report(folder, capsys):
    old = TODAY - dt.timedelta(days=90)
    assert main(["clean", str(folder / "kunder.csv"), "--dry-run", "--report", str(folder / "r.json"),
                 "--suppress", f"nix={folder / 'nix_2026-11-02.txt'}@{old.isoformat()}"]) == 0
    report = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    (nix,) = report["suppression"]
    assert nix["expired"] is True and nix["valid_until"] > old.isoformat()
    assert report["contact"]["notices"][0].startswith("Your NIX-Telefon check expired on ")
    assert report["contact"]["summary"]["phone"]["unchecked"] == 1
    assert "upload a new list." in capsys.readouterr().out


def test_norwegian_register_with_an_xlsx_list_and_existing_customers(folder):
    book = openpyxl.Workbook()
    book.active.append(["Fødselsnummer", "Mobil"])
    book.active.append(["", "+47 412 34 567"])
    book.save(folder / "reservasjon.xlsx")
    register = folder / "kunder_no.csv"
    register.write_text("Navn;Mobil;Adresse;Postnr;Sted;Kunde\nKari;912 34 567;Storgata 1;0150;Oslo;ja\n"
                        "Ola;41234567;Lillegata 2;0151;Oslo;\n", encoding="utf-8")
    today = TODAY.isoformat()
    assert main(["clean", str(register), "--country", "NO", "-q", "--customer-column", "Kunde",
                 "--suppress", f"reservasjon_phone={folder / 'reservasjon_telefon.csv'}@{today}",
                 "--suppress", f"reservasjon_mail={folder / 'reservasjon.xlsx'}@{today}"]) == 0
    rows = list(csv.reader((folder / "kunder_no.cleaned.csv").open(encoding="utf-8"), delimiter=";"))
    assert rows[0][6:] == ["Rensa status", "Ikke ring", "Ikke post", "Ikke e-post"]
    assert [r[7:] for r in rows[1:]] == [["", "", ""], ["Reservasjonsregisteret", "Reservasjonsregisteret", ""]]
    assert "Marked as an existing customer" in rows[1][6]


@pytest.mark.parametrize("option,message", [
    ("nix=lista.txt", "a nix list needs its date"),
    ("robinson=lista.txt", "'robinson' is not a kind of list"),
    ("nix=lista.txt@2026-13-01", "is not a date"),
    ("nix=lista.txt@2026-01-01..2026-06-01", "leave out ..UNTIL"),
    ("deceased", "write it as KIND=FILE"),
])
def test_bad_options_say_what_to_write(folder, capsys, option, message):
    with pytest.raises(SystemExit) as stop:
        main(["clean", str(folder / "kunder.csv"), "--suppress", option])
    assert stop.value.code == 2 and message in capsys.readouterr().err


def test_a_file_without_values_is_an_error_naming_it(folder, capsys):
    (folder / "namn.txt").write_text("Namn\nAnna\nBo\n", encoding="utf-8")
    assert main(["clean", str(folder / "kunder.csv"), "--suppress", f"opt_out_all={folder / 'namn.txt'}"]) == 2
    assert "namn.txt: no phone number, personal id or e-mail address was found" in capsys.readouterr().err
    assert not (folder / "kunder.cleaned.csv").exists()  # nothing written
    assert main(["clean", str(folder / "kunder.csv"), "--suppress", f"opt_out_all={folder / 'saknas.txt'}"]) == 2
    assert "saknas.txt: the list file does not exist" in capsys.readouterr().err


@pytest.mark.parametrize(("lines", "language", "note"), [
    # one row without a value is one row, not "rows 3" (as the note said in every language)
    (["ola@example.no;2026-01-01", "ikke-en-adresse;2026-01-02"], "en",
     "row 3 holds no phone number, id or e-mail address; it was skipped."),
    (["ola@example.no;2026-01-01", "ikke-en-adresse;2026-01-02"], "nb",
     "rad 3 mangler telefonnummer, id-nummer og e-postadresse; den er hoppet over."),
    (["ola@example.no;2026-01-01", "ikke-en-adresse;2026-01-02"], "fi",
     "rivillä 3 ei ole puhelinnumeroa, henkilötunnusta eikä sähköpostiosoitetta; se ohitettiin."),
    (["ola@example.no;2026-01-01", "-;2026-01-02", "ikke-en-adresse;2026-01-02"], "sv",
     "raderna 3 och 4 saknar telefonnummer, id-nummer och e-postadress; de har hoppats över."),
    (["ola@example.no;2026-01-01", "-;2026-01-02", "ikke-en-adresse;2026-01-02"], "da",
     "rækkerne 3 og 4 har intet telefonnummer, CPR-nummer eller e-mailadresse; de blev sprunget over."),
])
def test_rows_a_list_skips_are_named_in_the_singular_or_plural(folder, capsys, lines, language, note):
    listed = folder / "opt_out.csv"
    listed.write_text("Email;Dato\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert main(["clean", str(folder / "kunder.csv"), "--dry-run", "--lang", language,
                 "--suppress", f"opt_out_email={listed}"]) == 0
    assert f"{listed}: {note}" in capsys.readouterr().err
