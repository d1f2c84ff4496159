"""The cleaned CSV survives a spreadsheet's CSV import: LibreOffice Calc (headless, Debian's
libreoffice-calc-nogui) imports it and every cell must keep its text, or be one the CLI warned about.

LibreOffice is what we can run here; Excel's import guesses types the same way for these values
(a leading + or 0 dropped, 12+ digits in scientific notation). The import runs with its default options
(Standard column type, "quoted field as text" off) under several locales, with and without "detect special
numbers", because the decimal and grouping separators of a locale change what reads as a number
(``923 609 016`` is a number in Swedish, text in English).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cli.io import numbers_on_import, read_table
from cli.main import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "kunder.csv"
# locale (LibreOffice language id), detect special numbers
IMPORTS = [("en-US", 1033, False), ("sv-SE", 1053, True), ("nb-NO", 1044, False), ("da-DK", 1030, True),
           ("fi-FI", 1035, False)]
# Numbers from the other Nordic countries in their own rows (fødselsnummer and D-nummer from python-stdnum's
# check digits; phones in libphonenumber's example ranges), so every text form meets every locale.
EXTRA = [
    "2001;Kari;Nordmann;;kari@online.no;22 12 34 56;Storgata 1;0150;Oslo;Norge;01129955151;;2026-05-01;",
    "2002;Ola;Hansen;;ola@online.no;+47 912 34 567;Bygdøy allé 2;0257;Oslo;NO;41018522312;923609016;2026-05-02;",
    "2003;Mette;Jensen;;mette@mail.dk;32 12 34 56;Vestergade 3;2100;København Ø;Danmark;010203-1234;21599336;;",
    "2004;Aino;Virtanen;;aino@elisa.fi;09 1234 567;Mannerheimintie 4;00100;Helsinki;Suomi;131052-308T;2077474-0;;",
    "2005;Erik;Berg;;erik@telia.com;08-123 456 78 ankn. 12;Storgatan 5;111 22;Stockholm;SE;15035012394;;;",
    "2006;Sara;Lund;;sara@telia.com;0046 8 123 456 78;Kungsgatan 6;41101;Göteborg;Sverige;811228-9874;;;",
]


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice is not installed: run scripts/install_system_deps.sh (libreoffice-calc-nogui)")
    return found


def _import(tmp_path: Path, csv_files: list[Path], language: int, special_numbers: bool) -> list[Path]:
    """The CSVs opened by LibreOffice with its default import options, saved as .xlsx to read the cells."""
    out = tmp_path / f"lo-{language}-{special_numbers}"
    options = f"CSV:59,34,76,1,,{language},false,{str(special_numbers).lower()}"
    profile = (tmp_path / "lo-profile").as_uri()
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to",
                    "xlsx", "--infilter=" + options, "--outdir", str(out), *map(str, csv_files)],
                   check=True, capture_output=True, timeout=300, env=env)
    return [out / f"{path.stem}.xlsx" for path in csv_files]


def _shown(value) -> str:
    """A cell's text as the sheet shows it with the General format (whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e11:
            return str(int(value))
        return f"{value:.6G}".replace("E+", "E+")
    if isinstance(value, int):
        return str(value) if abs(value) < 10 ** 11 else f"{value:.6G}"
    return str(value)


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory) -> dict[str, Path]:
    """The example register plus Nordic rows, cleaned to CSV the default way and with E.164 phones."""
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "kunder.csv"
    source.write_text(EXAMPLE.read_text(encoding="utf-8-sig").rstrip("\r\n") + "\r\n" + "\r\n".join(EXTRA) + "\r\n",
                      encoding="utf-8-sig")
    default, e164 = folder / "default.csv", folder / "e164.csv"
    assert main(["clean", str(source), "-o", str(default), "-q"]) == 0
    assert main(["clean", str(source), "-o", str(e164), "-q", "--phone-format", "e164"]) == 0
    return {"default": default, "e164": e164, "source": source}


@pytest.fixture(scope="module")
def imported(cleaned, tmp_path_factory) -> dict[tuple, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("imports")
    found = {}
    for name, language, special in IMPORTS:
        books = _import(folder, [cleaned["default"], cleaned["e164"]], language, special)
        found[(name, special)] = dict(zip(("default", "e164"), books))
    return found


def _changed_on_import(csv_path: Path, book: Path) -> dict[tuple[int, str], tuple[str, str]]:
    """{(row, header): (text in the CSV, text the spreadsheet shows)} for every cell the import changed."""
    header, rows, _ = read_table(csv_path)
    sheet = openpyxl.load_workbook(book).active
    changed = {}
    for number, (written, cells) in enumerate(zip(rows, sheet.iter_rows(min_row=2, values_only=True)), start=1):
        for name, text, value in zip(header, written, cells):
            if _shown(value) != text:
                changed[(number, name)] = (text, _shown(value))
    assert sum(1 for _ in sheet.iter_rows(min_row=2)) == len(rows)
    return changed


@pytest.mark.parametrize("name,special", [(n, s) for n, _, s in IMPORTS])
def test_the_cleaned_csv_keeps_its_text_in_a_spreadsheet(cleaned, imported, name, special):
    header, rows, _ = read_table(cleaned["default"])
    source_header, source_rows, _ = read_table(cleaned["source"])
    changed = _changed_on_import(cleaned["default"], imported[(name, special)]["default"])
    # Every cell the import changes is one the CLI's note names (a typed 4,67012E+10, Oslo's 0150) ...
    warned = numbers_on_import(header, rows)
    assert {column for _, column in changed} <= set(warned), (changed, warned)
    assert all(_warned(text) for text, _ in changed.values()), changed
    # ... and of the cells the clean wrote, only postal codes with a leading 0, for which no CSV form exists.
    written = {(r, column) for r, (before, after) in enumerate(zip(source_rows, rows), start=1)
               for column in source_header if before[source_header.index(column)] != after[header.index(column)]}
    assert len(written) > 300
    lost = {key: changed[key] for key in written & set(changed)}
    assert all(column == "Postnr" and text.startswith("0") for (_, column), (text, _) in lost.items()), lost
    # the written forms themselves, as a reader sees them
    mobiles = [row[header.index("Mobil")] for row in rows]
    assert "+46 70 941 20 25" in mobiles and "+47 91 23 45 67" in mobiles and "+45 32 12 34 56" in mobiles
    ids = [row[header.index("Personnummer")] for row in rows]
    assert "19700623-7528" in ids and "011299 55151" in ids


def _warned(text: str) -> bool:
    return bool(numbers_on_import(["x"], [[text]]))


def test_e164_phones_in_a_csv_do_not_survive_and_the_cli_says_so(cleaned, imported, capsys):
    """Why the default differs by file type: +46709412025 opens as the number 46709412025."""
    header, rows, _ = read_table(cleaned["e164"])
    changed = _changed_on_import(cleaned["e164"], imported[("sv-SE", True)]["e164"])
    phone_cells = {r for r, c in changed if c == "Mobil"}
    assert len(phone_cells) >= 200
    assert numbers_on_import(header, rows)["Mobil"] >= len(phone_cells)


def test_the_note_recommends_xlsx_where_every_cleaned_cell_is_text(cleaned, tmp_path, capsys):
    source = tmp_path / "k.csv"
    source.write_text("Namn;Postnr;Land\nKari;0150;Norge\nOla;0257;NO\n", encoding="utf-8")
    assert main(["clean", str(source), "-o", str(tmp_path / "k.cleaned.csv")]) == 0
    out = capsys.readouterr().out
    assert "Note: 2 cells hold digits that a spreadsheet opening this CSV reads as a number" in out
    assert f"--output {tmp_path / 'k.cleaned.xlsx'}" in out
    assert main(["clean", str(source), "-o", str(tmp_path / "k.cleaned.xlsx")]) == 0
    assert "Note:" not in capsys.readouterr().out
    sheet = openpyxl.load_workbook(tmp_path / "k.cleaned.xlsx").active
    assert [[c.value for c in row][:2] for row in sheet.iter_rows()] == [["Namn", "Postnr"], ["Kari", "0150"],
                                                                         ["Ola", "0257"]]
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row if c.value is not None)
