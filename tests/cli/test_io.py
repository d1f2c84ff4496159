"""cli.io: reading and writing registers the way Excel and Sheets store them."""

import codecs
import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.io import FileFormat, _lines, read_table, write_table


@pytest.mark.parametrize(
    "data,header,rows,encoding,delimiter,newline",
    [
        (codecs.BOM_UTF8 + "Namn;Ort\r\nÅsa;Malmö\r\n".encode(), ["Namn", "Ort"], [["Åsa", "Malmö"]],
         "utf-8-sig", ";", "\r\n"),
        ("Namn,Ort\nÅsa,\"Malmö, Skåne\"\n".encode(), ["Namn", "Ort"], [["Åsa", "Malmö, Skåne"]], "utf-8", ",", "\n"),
        ("Namn\tOrt\r\nJörgen\tGöteborg\r\n".encode("utf-16"), ["Namn", "Ort"], [["Jörgen", "Göteborg"]],
         "utf-16", "\t", "\r\n"),
        ("Namn;Ort\r\nSøren;Århus\r\n".encode("cp1252"), ["Namn", "Ort"], [["Søren", "Århus"]], "cp1252", ";",
         "\r\n"),
        # Swedish decimals use commas, so ; wins even though every line has commas too
        (b"Namn;Belopp;Ort\r\nAnna;1,50;Lund\r\nOla;2,75;Oslo\r\n", ["Namn", "Belopp", "Ort"],
         [["Anna", "1,50", "Lund"], ["Ola", "2,75", "Oslo"]], "utf-8", ";", "\r\n"),
        # a blank line inside the data is a row of empty cells; blank lines at the end are dropped
        (b"Namn,Ort\nAnna,Lund\n\nOla,Oslo\n\n\n", ["Namn", "Ort"], [["Anna", "Lund"], ["", ""], ["Ola", "Oslo"]],
         "utf-8", ",", "\n"),
        # a single column
        (b"E-post\na@b.se\n", ["E-post"], [["a@b.se"]], "utf-8", ",", "\n"),
    ],
)
def test_read_csv(tmp_path, data, header, rows, encoding, delimiter, newline):
    path = tmp_path / "k.csv"
    path.write_bytes(data)
    got_header, got_rows, fmt = read_table(path)
    assert (got_header, got_rows) == (header, rows)
    assert (fmt.kind, fmt.encoding, fmt.delimiter, fmt.newline, fmt.sep_line) == ("csv", encoding, delimiter, newline,
                                                                                   False)


def test_excel_sep_line_is_read_and_written_back(tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes(b"sep=,\r\nNamn,Ort\r\nAnna,Lund\r\n")
    header, rows, fmt = read_table(path)
    assert (header, rows, fmt.delimiter, fmt.sep_line) == (["Namn", "Ort"], [["Anna", "Lund"]], ",", True)
    write_table(tmp_path / "out.csv", header, rows, fmt)
    assert (tmp_path / "out.csv").read_bytes() == b"sep=,\r\nNamn,Ort\r\nAnna,Lund\r\n"


def test_cp1252_output_falls_back_to_utf8_when_text_does_not_fit(tmp_path):
    fmt = FileFormat("csv", encoding="cp1252", delimiter=";", newline="\r\n")
    written = write_table(tmp_path / "out.csv", ["Namn"], [["Łukasz → ok"]], fmt)
    assert written.encoding == "utf-8-sig"
    assert (tmp_path / "out.csv").read_bytes() == codecs.BOM_UTF8 + "Namn\r\nŁukasz → ok\r\n".encode()


def test_describe():
    assert FileFormat("csv", encoding="cp1252", delimiter="\t").describe() == "CSV, Windows-1252, tab-separated"
    assert FileFormat("xlsx", sheet="Kunder").describe() == "Excel workbook, sheet 'Kunder'"


def test_read_xlsx_turns_cells_into_the_text_a_person_sees(tmp_path):
    path = tmp_path / "k.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Namn", "Telefon", "Född", "Belopp", "Aktiv", "Formel", None])
    sheet.append(["Anna", 46701234567, dt.datetime(1980, 5, 17), 12.5, True, "=1+1", None])
    sheet.append(["Ola", 4.6701234567e10, dt.date(1990, 1, 2), None, False, None, None])
    sheet.append([None] * 7)  # trailing empty rows are not data
    book.save(path)
    header, rows, fmt = read_table(path)
    assert header == ["Namn", "Telefon", "Född", "Belopp", "Aktiv", "Formel"]
    assert rows == [["Anna", "46701234567", "1980-05-17", "12.5", "TRUE", "=1+1"],
                    ["Ola", "46701234567", "1990-01-02", "", "FALSE", ""]]
    assert (fmt.kind, fmt.sheet) == ("xlsx", "Sheet")


def test_written_files_get_normal_permissions(tmp_path):
    fmt = FileFormat("csv")
    write_table(tmp_path / "new.csv", ["A"], [["1"]], fmt)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 != 0o600
    existing = tmp_path / "old.csv"
    existing.write_text("x")
    existing.chmod(0o640)
    write_table(existing, ["A"], [["1"]], fmt)
    assert existing.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.csv", "old.csv"]  # no temporary files left


@settings(max_examples=500, deadline=None)
@given(st.text('ab,;\t"\r\n', max_size=40))
def test_the_delimiter_sniffer_reads_the_lines_a_csv_reader_reads(text):
    # it finds them lazily (the first rows only) instead of copying the whole text into a StringIO
    assert list(_lines(text)) == list(io.StringIO(text, newline=""))
