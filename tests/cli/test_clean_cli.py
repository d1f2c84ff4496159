"""rensa clean end to end: file formats in and out, dry run, in place, reports, errors and exit codes."""

import codecs
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from cli.main import main
from core.status import say, say_count

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["Namn", "E-post", "Telefon", "Kundnr"]
ROWS = [["ANNA SVENSSON", " anna@example.se", "070-123 45 67", "0042"],
        ["Jörgen Åberg", "jorgen@gmial.com", "08-123 456 78", "=HYPERLINK(\"x\")"]]
# CSV phones are written grouped (+46 70 123 45 67): a spreadsheet opens +46701234567 as a number.
CLEANED = [["Anna Svensson", "anna@example.se", "+46 70 123 45 67", "0042", ""],
           ["Jörgen Åberg", "jorgen@gmial.com", "+46 8 123 456 78", "=HYPERLINK(\"x\")",
            "E-post: The domain looks misspelled: did you mean gmail.com? Kundnr: The value starts with = and a "
            "spreadsheet would run it as a formula; it was left as it is because Rensa does not know what this "
            "column holds."]]


def _csv_text(delimiter: str, newline: str = "\r\n") -> str:
    def line(cells):
        return delimiter.join('"' + c.replace('"', '""') + '"' if any(x in c for x in (delimiter, '"')) else c
                              for c in cells)
    return newline.join(line(r) for r in [HEADER, *ROWS]) + newline


CSV_CASES = {
    "utf8_bom_semicolon": (codecs.BOM_UTF8 + _csv_text(";").encode(), "utf-8-sig", ";"),
    "utf8_comma": (_csv_text(",", "\n").encode(), "utf-8", ","),
    "utf16_tab": (_csv_text("\t").encode("utf-16"), "utf-16", "\t"),
    "cp1252_semicolon": (_csv_text(";").encode("cp1252"), "cp1252", ";"),
}


def _read_back(path: Path, encoding: str, delimiter: str) -> list[list[str]]:
    import csv
    import io
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_csv_round_trip_keeps_encoding_and_delimiter(tmp_path, case, capsys):
    data, encoding, delimiter = CSV_CASES[case]
    source = tmp_path / "kunder.csv"
    source.write_bytes(data)
    assert main(["clean", str(source), "--no-dedupe"]) == 0
    output = tmp_path / "kunder.cleaned.csv"
    raw = output.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) == (encoding == "utf-8-sig")
    assert _read_back(output, encoding, delimiter) == [[*HEADER, "Rensa status"], *CLEANED]
    assert ("\r\n" in raw.decode(encoding)) == (case != "utf8_comma")
    assert source.read_bytes() == data  # the input is never touched without --in-place
    out = capsys.readouterr().out
    assert "Quality score: " in out and f"Cleaned file (problems in column “Rensa status”): {output}" in out


def test_xlsx_in_and_out_keeps_other_cells_and_sheets(tmp_path):
    source = tmp_path / "kunder.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kunder"
    sheet.append(HEADER)
    sheet.append(ROWS[0][:3] + [42])  # a number in an unknown column stays a number
    sheet.append(ROWS[1])
    book.create_sheet("Anteckningar")["A1"] = "keep me"
    book.save(source)
    assert main(["clean", str(source), "--no-dedupe", "-q"]) == 0
    out = openpyxl.load_workbook(tmp_path / "kunder.cleaned.xlsx")
    cleaned = out["Kunder"]
    assert [c.value for c in cleaned[1]] == [*HEADER, "Rensa status"]
    assert [c.value for c in cleaned[2]] == ["Anna Svensson", "anna@example.se", "+46701234567", 42, None]
    assert cleaned["D3"].value == "=HYPERLINK(\"x\")"  # unchanged cell, not rewritten
    assert cleaned["E3"].value == CLEANED[1][4]
    assert out["Anteckningar"]["A1"].value == "keep me"


def test_in_place_makes_a_backup_first(tmp_path):
    source = tmp_path / "kunder.csv"
    data = CSV_CASES["utf8_bom_semicolon"][0]
    source.write_bytes(data)
    assert main(["clean", str(source), "--in-place", "--no-dedupe", "-q"]) == 0
    backups = list(tmp_path.glob("kunder.rensa-backup-*.csv"))
    assert len(backups) == 1 and backups[0].read_bytes() == data
    assert _read_back(source, "utf-8-sig", ";")[1] == CLEANED[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["kunder.csv", backups[0].name])


def test_dry_run_writes_only_the_reports(tmp_path, capsys):
    source = tmp_path / "kunder.csv"
    source.write_bytes(CSV_CASES["utf8_comma"][0])
    report_json, report_html = tmp_path / "out" / "wash.json", tmp_path / "out" / "wash.html"
    assert main(["clean", str(source), "--dry-run", "--report", str(report_json), "--report", str(report_html)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunder.csv", "out"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["wash.html", "wash.json"]
    report = json.loads(report_json.read_text())
    assert report["dry_run"] is True and report["output"] is None and report["rows"] == 2
    assert report["counts"]["by_code"] == {"email.typo": 1, "cell.formula": 1}
    # only layout changes and flags: the quality is what it was (tidying is not fixing), and it says so
    assert report["quality"]["before"]["score"] == report["quality"]["after"]["score"]
    assert report["counts"]["cells_tidied"] == report["counts"]["cells_changed"] > 0
    assert report["changes"][0] == {"row": 1, "column": 0, "header": "Namn", "before": "ANNA SVENSSON",
                                    "after": "Anna Svensson"}
    out = capsys.readouterr().out
    # core's own count sentences: a dry run says what WOULD change, never "Cleaned N cells"
    assert say("count.dry_run") in out and say_count("count.would_change", len(report["changes"])) in out


def test_html_report_is_self_contained_and_escapes_user_data(tmp_path):
    source = tmp_path / "kunder.csv"
    source.write_text("Namn,E-post\n<script>alert(1)</script>,x@@<b>.se\n", encoding="utf-8")
    page_path = tmp_path / "r.html"
    assert main(["clean", str(source), "--dry-run", "-q", "--report", str(page_path)]) == 0
    page = page_path.read_text()
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x@@&lt;b&gt;.se" in page
    assert "http" not in page and "<svg" in page and "<style>" in page
    assert "Rows to look at first" in page


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("missing.csv", None, "{path}: the file does not exist."),
        ("empty.csv", b"", "{path}: the file is empty, so there is no header row. The first row must name the "
         "columns, for example Namn,E-post,Telefon."),
        ("blank.csv", b";;\r\na;b;c\r\n", "{path}: row 1 is empty, so there is no header row. The header row must "
         "name the columns, for example Namn;E-post;Telefon."),
        ("data.csv", b"Anna;anna@example.se;070-123 45 67\r\n", "{path}: row 1 holds data ('anna@example.se'), not "
         "column names, so there is no header row. Add a first row that names the columns, for example "
         "Namn;E-post;Telefon."),
        ("title.csv", b"Kundlista 2026;;;\r\n;;;\r\nNamn;E-post;Telefon;Ort\r\nAnna;a@b.se;070;Lund\r\n",
         "{path}: row 1 has one filled cell ('Kundlista 2026') but the rows below have up to 4: it looks like a "
         "title, not the header row. Remove the rows above the column names, or say which row names them "
         "(--header-row 3), and try again."),
        ("bytes.csv", b"Namn;Ort\r\nJ\x81rgen;G\x9dteborg\r\n", "{path}: cannot tell the text encoding: byte 0x81 on "
         "line 2 is not UTF-8, UTF-16 or Windows-1252 text. Save the register as CSV (UTF-8) and try again."),
        ("old.xls", b"\xd0\xcf\x11\xe0", "{path}: .xls files are not supported. Save the register as .xlsx or CSV "
         "and try again."),
        ("broken.xlsx", b"PK\x03\x04 not a zip", "{path}: cannot open the file as an Excel workbook (.xlsx): "
         "BadZipFile. Open it in Excel or Sheets and save it again as .xlsx or CSV."),
        ("ragged.csv", b"Namn;E-post\r\nAnna;a@b.se;070-123 45 67\r\n", "{path}: row 2 has 3 cells, more than the "
         "header names (2); the value '070-123 45 67' has no column. Add a header for it or remove it."),
    ],
)
def test_errors_are_one_line_with_exit_code_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["clean", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"rensa: error: {message.format(path=path)}\n"
    assert captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ([name] if content is not None else [])


# a core sentence after "FILE: " starts in lower case in every language, as the CLI's own errors there do
@pytest.mark.parametrize("language,said", [
    ("en", "rensa: error: {path}: row 2 has 3 cells, more than the header names (2)"),
    ("sv", "rensa: fel: {path}: rad 2 har 3 celler, fler än rubrikraden har namn för (2)"),
    ("nb", "rensa: feil: {path}: rad 2 har 3 celler, flere enn overskriftsraden har navn for (2)"),
    ("da", "rensa: fejl: {path}: række 2 har 3 celler, flere end overskriftsrækken navngiver (2)"),
    ("fi", "rensa: virhe: {path}: rivillä 2 on 3 solua, enemmän kuin otsikkorivillä on nimettyjä sarakkeita (2)"),
])
def test_a_ragged_row_is_said_after_the_file_in_lower_case(tmp_path, capsys, language, said):
    path = tmp_path / "kunder.csv"
    path.write_bytes(b"Namn;E-post\r\nAnna;a@b.se;070-123 45 67\r\n")
    assert main(["clean", str(path), "--lang", language]) == 2
    assert capsys.readouterr().err.startswith(said.format(path=path) + "; ")


@pytest.mark.parametrize("command", ["clean", "dedupe"])
def test_a_match_column_the_file_lacks_is_said_alike_by_clean_and_dedupe(tmp_path, capsys, command):
    path = tmp_path / "kunder.csv"
    path.write_text("Namn;E-post\nAnna;anna@firma.se\n", encoding="utf-8")
    assert main([command, str(path), "--match-on", "Kundnr", "--lang", "sv"]) == 2
    assert capsys.readouterr().err == (f"rensa: fel: {path}: jämförelsekolumnen ”Kundnr”: registret har ingen sådan "
                                       "kolumn. Registrets kolumner är: Namn, E-post.\n")


def test_role_option_and_unknown_column(tmp_path, capsys):
    source = tmp_path / "k.csv"
    source.write_text("Kontakt;Info\nanna svensson;ANNA\n", encoding="utf-8")
    assert main(["clean", str(source), "--role", "Kontakt=full_name", "--role", "B=given_name", "-q"]) == 0
    assert (tmp_path / "k.cleaned.csv").read_text().splitlines()[1] == "Anna Svensson;Anna;"
    assert main(["clean", str(source), "--role", "Epost=email"]) == 2
    assert capsys.readouterr().err == (f"rensa: error: {source}: there is no column “Epost” for --role. "
                                       "The columns are: Kontakt and Info.\n")


def test_cleaning_a_cleaned_file_replaces_its_status_column(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text("E-post,Rensa status,Not\nola@gmial.com,old words,x\n", encoding="utf-8")
    assert main(["clean", str(source), "-q", "--in-place"]) == 0
    assert source.read_text().splitlines() == [
        "E-post,Rensa status,Not", "ola@gmial.com,E-post: The domain looks misspelled: did you mean gmail.com?,x"]


def test_console_script_runs_the_example(tmp_path):
    rensa = ROOT / ".venv" / "bin" / "rensa"
    command = [str(rensa)] if rensa.exists() else [sys.executable, "-m", "cli.main"]
    report = tmp_path / "report.html"
    done = subprocess.run([*command, "clean", str(ROOT / "examples" / "kunder.csv"), "--dry-run", "--report",
                           str(report)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Quality score:" in done.stdout and "300 rows, 14 columns" in done.stdout
    page = report.read_text(encoding="utf-8")
    assert "<h2>Duplicates</h2>" in page and "Rows to look at first" in page and page.count("<svg") == 14
    bad = subprocess.run([*command, "clean", str(tmp_path / "nope.csv")], capture_output=True, text=True, cwd=ROOT)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == f"rensa: error: {tmp_path / 'nope.csv'}: the file does not exist.\n"


def test_split_names_adds_columns_and_merge_marks_duplicates(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text("Namn;E-post;Adress\nAnna Svensson;anna@example.se;\nANNA SVENSSON;Anna@Example.se;"
                      "Storgatan 1\n", encoding="utf-8")
    assert main(["clean", str(source), "-q", "--split-names", "--merge"]) == 0
    assert (tmp_path / "k.cleaned.csv").read_text(encoding="utf-8").splitlines() == [
        "Namn;E-post;Adress;Förnamn;Efternamn;Rensa status",
        # dedup keeps the fuller data row 2 (sheet row 3); the other has nothing it lacks, so nothing is filled
        "Anna Svensson;anna@example.se;;Anna;Svensson;Delete: duplicate of row 3 (same given name, same family "
        "name, same e-mail: 99 %).",
        "Anna Svensson;Anna@example.se;Storgatan 1;Anna;Svensson;Keep: row 2 is a duplicate of this row.",
    ]


def test_xlsx_in_place_with_backup(tmp_path):
    source = tmp_path / "kunder.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(ROWS[0])
    book.save(source)
    original = source.read_bytes()
    assert main(["clean", str(source), "--in-place", "-q"]) == 0
    backups = list(tmp_path.glob("kunder.rensa-backup-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    cleaned = openpyxl.load_workbook(source).active
    assert [c.value for c in cleaned[2]][:3] == ["Anna Svensson", "anna@example.se", "+46701234567"]


def test_bad_country_option_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["clean", str(tmp_path / "k.csv"), "--country", "Sweden"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith(
        "rensa clean: error: argument --country: 'Sweden' is not a two-letter country code such as SE, NO, DK or FI\n")


@pytest.mark.parametrize("header_row,worst,group", [
    (1, '<tr><td class="n" data-label="row">2</td><td class="v">Anna Svensson · anna@example.se</td>'
        '<td class="v">Duplicate of row 3 (', '<tr><td>2, 3</td><td class="n">3</td>'),
    (4, '<tr><td class="n" data-label="row">5</td><td class="v">Anna Svensson · anna@example.se</td>'
        '<td class="v">Duplicate of row 6 (', '<tr><td>5, 6</td><td class="n">6</td>'),
])
def test_html_report_names_sheet_rows(header_row, worst, group):
    from cli.report import RunInfo, to_html
    from core import CleanConfig, clean

    rows = [["Anna Svensson", "anna@example.se", ""], ["ANNA SVENSSON", "Anna@Example.se", "Storgatan 1"]]
    result = clean((["Namn", "E-post", "Adress"], rows), CleanConfig(header_row=header_row))
    run = RunInfo(input="k.csv", file_format="CSV", output=None, dry_run=True, date="2026-11-22 12:00",
                  status_header="Rensa status", header_row=header_row)
    page = to_html(result, run).decode()
    assert worst in page and group in page
    assert f"Row numbers are the spreadsheet's (the header is row {header_row})." in page


TITLED = "Kundlista 2026;;\r\n;;\r\nNamn;E-post;Telefon\r\nANNA SVENSSON;anna@example.se;070-123 45 67\r\n" \
         "Anna Svensson;Anna@Example.se;\r\nOla;ola@gmial.com;\r\n"


def test_header_row_keeps_the_title_and_names_sheet_rows(tmp_path):
    source = tmp_path / "k.csv"
    source.write_text(TITLED, encoding="utf-8")
    assert main(["clean", str(source), "-q", "--header-row", "3"]) == 0
    assert (tmp_path / "k.cleaned.csv").read_text(encoding="utf-8").splitlines() == [
        "Kundlista 2026;;",  # the rows above the header are written back as they were
        ";;",
        "Namn;E-post;Telefon;Rensa status",
        "Anna Svensson;anna@example.se;+46 70 123 45 67;Row 5 is a duplicate of this row.",
        "Anna Svensson;Anna@example.se;;Duplicate of row 4 (same given name, same family name, same e-mail: 99 %).",
        "Ola;ola@gmial.com;;E-post: The domain looks misspelled: did you mean gmail.com?",
    ]


def test_header_row_in_a_workbook(tmp_path):
    source = tmp_path / "k.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Kundlista 2026"
    for row in (["Namn", "Telefon"], ["ANNA SVENSSON", "070-123 45 67"], ["ola", "0701"]):
        sheet.append(row)
    book.save(source)
    assert main(["clean", str(source), "-q", "--no-dedupe", "--header-row", "2"]) == 0
    cleaned = openpyxl.load_workbook(tmp_path / "k.cleaned.xlsx").active
    assert [[c.value for c in row] for row in cleaned.iter_rows()] == [
        ["Kundlista 2026", None, None],
        ["Namn", "Telefon", "Rensa status"],
        ["Anna Svensson", "+46701234567", None],
        ["Ola", "0701", "Telefon: The number is not a valid phone number in Sweden: it has the wrong length or "
                        "is in an unused range."],
    ]


@pytest.mark.parametrize("argv,message", [
    (["--header-row", "9"], "{path}: the file has only 6 rows, so row 9 cannot be the header."),
    (["--header-row", "2"], "{path}: row 2 is empty, so there is no header row. The header row must name the "
                            "columns, for example Namn;E-post;Telefon."),
])
def test_header_row_errors(tmp_path, capsys, argv, message):
    source = tmp_path / "k.csv"
    source.write_text(TITLED, encoding="utf-8")
    assert main(["clean", str(source), "-q", *argv]) == 2
    assert capsys.readouterr().err == f"rensa: error: {message.format(path=source)}\n"


@pytest.mark.parametrize("language,line", [
    ("en", "       1 × rows that repeat another row"),
    ("nb", "       1 × rader som gjentar en annen rad"),
    ("fi", "       1 × rivit, jotka toistavat toista riviä"),
])
def test_the_terminal_counts_problems_as_a_tally(tmp_path, capsys, language, line):
    """The commonest problems are "N × kind" (the sidebar's form): "1 rader som gjentar" read as a sentence with
    its number wrong."""
    path = tmp_path / "medlemmer.csv"
    path.write_text("Fornavn;Etternavn;E-post;Mobil\nOla;Hansen;ola.hansen@hotmail.com;932 14 321\n"
                    "Ola;Hansen;ola.hansen@hotmail.com;932 14 321\nKari;Lund;kari.lund@online.no;915 55 344\n",
                    encoding="utf-8")
    assert main(["clean", str(path), "--dry-run", "--country", "NO", "--lang", language]) == 0
    assert line in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("language,row,into,line", [
    ("en", "Row", "Merged into row", "Cleaned file (problems in column “Rensa status”): {out} (merged-away rows: {away})"),
    ("sv", "Rad", "Sammanslagen med rad",
     "Tvättad fil (problem i kolumnen ”Rensa status”): {out} (sammanslagna rader som tagits bort: {away})"),
    ("fi", "Rivi", "Yhdistetty riviin",
     "Puhdistettu tiedosto (ongelmat sarakkeessa ”Rensa status”): {out} (yhdistetyt, poistetut rivit: {away})"),
])
def test_drop_merged_writes_the_rows_merged_away_in_the_clean_s_language(tmp_path, capsys, language, row, into, line):
    """--merge --drop-merged: the survivors, and FILE.merged-away.csv with each removed row, its row and the row it
    went into, headed in the reader's language (it said "Row;Merged into row" in a Swedish clean); the terminal
    names the status column before the files, which carry brackets of their own."""
    path = tmp_path / "byra.csv"
    path.write_text("Förnamn;Efternamn;E-post;Telefon\nAntti;Nyberg;antti.nyberg@nyberg.fi;040 765 4321\n"
                    "Antti;Nyberg;antti.nyberg@nyberg.fi;+358 40 7654321\nIda;Lind;ida.lind@gmail.com;050 188 2736\n",
                    encoding="utf-8")
    out, away = tmp_path / "byra.cleaned.csv", tmp_path / "byra.merged-away.csv"
    assert main(["clean", str(path), "--merge", "--drop-merged", "--country", "FI", "--lang", language]) == 0
    assert line.format(out=out, away=away) in capsys.readouterr().out
    assert [r.split(";")[:3] for r in away.read_text(encoding="utf-8-sig").splitlines()] == [
        [row, into, "Förnamn"], ["3", "2", "Antti"]]
    assert [r.split(";")[0] for r in out.read_text(encoding="utf-8").splitlines()[1:]] == ["Antti", "Ida"]
