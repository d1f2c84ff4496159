"""rensa clean writes no live formula into a CSV or an .xlsx (issue 11), and keeps a real phone usable."""

import csv
import io

import openpyxl

from cli.main import main
from core.fields.cell import formula_trigger

HEADER = ["Namn", "Telefon", "Företag", "Gata", "Ort"]
ROWS = [
    ["Anna Berg", "=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(1,1)", "@SUM(1,1)", "\u200b=1+1"],
    ["Bo Ek", "-2+3+cmd|' /C calc'!A0", "\ufeff=1+1", "\t=1+1", "+cmd|x"],
    ["Cecilia Ström", "+46 70 123 45 67", "Firma AB", "Storgatan 1", "Stockholm"],
]


def _roles() -> list[str]:
    return ["--role", "Telefon=phone", "--role", "Företag=company", "--role", "Gata=street", "--role", "Ort=city"]


def test_a_cleaned_csv_holds_no_live_formula_and_each_is_flagged(tmp_path):
    source = tmp_path / "kunder.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *ROWS])
    source.write_text(buffer.getvalue(), encoding="utf-8")
    assert main(["clean", str(source), "--no-dedupe", "-q", *_roles()]) == 0
    written = list(csv.reader(io.StringIO((tmp_path / "kunder.cleaned.csv").read_text(encoding="utf-8"), newline="")))
    assert written[0] == [*HEADER, "Rensa status"]
    cells = [value for row in written[1:] for value in row]
    assert [value for value in cells if formula_trigger(value)] == []
    assert written[1][5].count("formula") >= 4 and written[2][5].count("formula") >= 4  # flagged in the status
    assert written[3][1] == "+46 70 123 45 67"  # a real phone stays a phone (grouped in a CSV: see test_libreoffice)


def test_a_cleaned_xlsx_holds_no_formula_cell(tmp_path):
    source = tmp_path / "kunder.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    for cell in sheet[2] + sheet[3]:
        cell.data_type = "s"  # text that looks like a formula, as typed with an apostrophe
    book.save(source)
    assert main(["clean", str(source), "--no-dedupe", "-q", *_roles()]) == 0
    out = openpyxl.load_workbook(tmp_path / "kunder.cleaned.xlsx").active
    cells = [c for row in out.iter_rows(min_row=2) for c in row[:5]]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.value for c in cells if isinstance(c.value, str) and formula_trigger(c.value)] == []
