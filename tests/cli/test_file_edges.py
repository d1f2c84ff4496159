"""Files that lose rows or crash when read naively: stray quotes, crashes, empty registers, workbooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli.io import read_table
from cli.main import main
from core.errors import InputError

EXAMPLE = Path(__file__).parents[2] / "examples" / "kunder.csv"
HEADER = "Kundnr;Förnamn;Efternamn;E-post;Ort;Anteckning"


def _register(rows: int) -> list[str]:
    return [HEADER] + [f"{1000 + n};Anna{n};Berg;anna{n}@example.se;Lund;" for n in range(rows)]


def _lines_with(lines: list[str], changes: dict[int, tuple[str, str]]) -> str:
    """The lines (1-based line -> (old, new) replaced once) joined as a file."""
    lines = list(lines)
    for line, (old, new) in changes.items():
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("text,line", [
    # the issue's case: ;" typed into one cell of the 300-row example, the quote never closes
    (_lines_with(EXAMPLE.read_text(encoding="utf-8-sig").splitlines(), {101: (";", ';"')}), 101),
    # a quote that closes ten rows further down, at another stray quote
    (_lines_with(_register(40), {12: (";Anna", ';"Anna'), 22: (";Lund", ';Lund"')}), 12),
    # 5,000 rows: the runaway cell passes csv's field size limit (a traceback before)
    (_lines_with(_register(5000), {100: (";Berg", ';"Berg')}), 100),
    # the quote closes on the same line: cells joined, the row short by exactly the delimiters inside
    (_lines_with(_register(10), {4: (";Anna2;Berg", ';"Anna2;Berg"')}), 4),
])
def test_a_stray_quote_is_refused_naming_the_line(tmp_path, text, line):
    path = tmp_path / "kunder.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.code == "input.stray_quote"
    assert caught.value.message.startswith(f"{path}: line {line}: a double quote (\") ")
    assert "Remove the stray \" on that line" in caught.value.message and "\n" not in caught.value.message


def test_a_stray_quote_below_a_sep_line_names_the_file_line(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("sep=;\n" + _lines_with(_register(30), {5: (";Anna", ';"Anna')}), encoding="utf-8")
    with pytest.raises(InputError, match=r": line 6: a double quote"):
        read_table(path)


@pytest.mark.parametrize("text,rows", [
    # notes and addresses over several lines, quoted as Excel and Sheets write them
    (HEADER + '\r\n1;Anna;Berg;a@b.se;Lund;"Ring efter 17\r\nFaktura per post"\r\n2;Ola;Ek;o@b.se;Oslo;\r\n', 2),
    (HEADER + '\r\n1;Anna;Berg;a@b.se;"Lund\nSkåne";"a; b"\r\n', 1),
    # a quoted cell with the delimiter inside, in a row of full width
    (HEADER + '\r\n1;"Anna; Maria";Berg;a@b.se;Lund;x\r\n', 1),
    # Excel leaves out empty trailing cells on some rows: padded, not refused
    (HEADER + "\r\n1;Anna;Berg;a@b.se\r\n2;Ola;Ek;o@b.se;Oslo;Ring\r\n", 2),
    # a quote inside a cell, not at its start, is text (Excel writes it doubled, people type it bare)
    (HEADER + '\r\n1;Anna "Kula";Berg;a@b.se;Lund;\r\n', 1),
])
def test_real_exports_are_read(tmp_path, text, rows):
    path = tmp_path / "k.csv"
    path.write_text(text, encoding="utf-8")
    header, body, _ = read_table(path)
    assert len(body) == rows and header == HEADER.split(";")


def test_the_cli_refuses_a_stray_quote_in_one_line_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "kunder.csv"
    source.write_text(_lines_with(EXAMPLE.read_text(encoding="utf-8-sig").splitlines(), {101: (";", ';"')}),
                      encoding="utf-8")
    code = main(["clean", str(source), "--report", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"rensa: error: {source}: line 101: a double quote")
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunder.csv"]


def test_a_bug_reaches_the_user_as_one_line_and_a_crash_report(tmp_path, capsys, monkeypatch):
    import cli.main

    def crash(*args, **kwargs):
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr(cli.main, "clean", crash)
    source = tmp_path / "k.csv"
    source.write_text("Namn;E-post\nAnna;a@b.se\n", encoding="utf-8")
    code = main(["clean", str(source)])
    err = capsys.readouterr().err
    assert code == 70 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("rensa: internal error: this is a bug in Rensa ")
    report = Path(err.rsplit("details in ", 1)[1].rstrip(".\n"))
    try:
        assert "RuntimeError: a bug deep inside" in report.read_text(encoding="utf-8")
    finally:
        report.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.csv"]


def test_version(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"rensa {metadata.version('rensa')}\n"


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


CUSTOMERS = [["Namn", "E-post", "Telefon"], ["Anna Svensson", "anna@example.se", "070-123 45 67"]]


def test_the_first_sheet_with_a_header_row_is_cleaned_and_named(tmp_path, capsys):
    import openpyxl

    path = _workbook(tmp_path / "k.xlsx", {"Info": [["Exporterad 2026-11-30"]], "Tom": [], "Kunder": CUSTOMERS,
                                           "Leverantörer": [["Namn", "E-post"], ["Bo Ek", "BO@EK.SE"]]})
    header, rows, fmt = read_table(path)
    assert (header, rows, fmt.sheet) == (CUSTOMERS[0], CUSTOMERS[1:], "Kunder")
    assert fmt.describe() == "Excel workbook, sheet 'Kunder' of 4; --sheet NAME cleans another"
    assert main(["clean", str(path), "-o", str(tmp_path / "out.xlsx")]) == 0
    assert "sheet 'Kunder' of 4; --sheet NAME cleans another" in capsys.readouterr().out
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book["Kunder"]["C2"].value == "+46701234567"
    assert book["Leverantörer"]["B2"].value == "BO@EK.SE"  # the other sheets stay as they were


def test_sheet_names_the_sheet_to_clean(tmp_path, capsys):
    import openpyxl

    path = _workbook(tmp_path / "k.xlsx", {"Kunder": CUSTOMERS, "Leverantörer": [["Namn", "E-post"], ["Bo Ek", "BO@EK.SE"]]})
    assert main(["clean", str(path), "--sheet", "Leverantörer", "-o", str(tmp_path / "out.xlsx"), "-q"]) == 0
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book["Leverantörer"]["B2"].value == "BO@ek.se" and book["Kunder"]["C2"].value == "070-123 45 67"
    assert main(["clean", str(path), "--sheet", "Kunderna"]) == 2
    assert capsys.readouterr().err == (f"rensa: error: {path}: the workbook has no sheet “Kunderna”; its sheets are "
                                       "Kunder and Leverantörer.\n")


@pytest.mark.parametrize("language,message", [
    # the sheets listed as the language lists things, quoted as it quotes (not Python's 'Kunder', 'Leverantörer')
    ("sv", "rensa: fel: {path}: arbetsboken har inget blad ”Kunderna”; bladen heter Kunder och Leverantörer."),
    ("nb", "rensa: feil: {path}: arbeidsboken har ikke noe ark «Kunderna»; arkene heter Kunder og Leverantörer."),
    ("da", "rensa: fejl: {path}: projektmappen har intet ark »Kunderna«; arkene hedder Kunder og Leverantörer."),
    ("fi", "rensa: virhe: {path}: työkirjassa ei ole välilehteä ”Kunderna”; sen välilehdet ovat Kunder ja "
           "Leverantörer."),
])
def test_a_missing_sheet_lists_the_sheets_in_the_users_language(tmp_path, capsys, language, message):
    path = _workbook(tmp_path / "k.xlsx", {"Kunder": CUSTOMERS, "Leverantörer": [["Namn", "E-post"], ["Bo Ek", "bo@ek.se"]]})
    assert main(["clean", str(path), "--sheet", "Kunderna", "--lang", language]) == 2
    assert capsys.readouterr().err == message.format(path=path) + "\n"


def test_a_password_protected_workbook_says_so(tmp_path, capsys):
    """tests/cli/data/password-hemlig.xlsx: a workbook encrypted by msoffcrypto-tool (password "hemlig")."""
    source = Path(__file__).parent / "data" / "password-hemlig.xlsx"
    path = tmp_path / "k.xlsx"
    shutil.copy(source, path)
    assert main(["clean", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rensa: error: {path}: the workbook is protected with a password, so it cannot be read.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.xlsx"]


@pytest.mark.parametrize("name,content,shown", [
    ("k.csv", "Namn;E-post;Telefon\r\n", "Namn | E-post | Telefon"),
    ("k.csv", "Kundlista 2026\r\n\r\n", "Kundlista 2026"),
    ("k.csv", "Namn;E-post\r\n;\r\n;\r\n", "Namn | E-post"),
    ("k.xlsx", [["Namn", "E-post", "Telefon"]], "Namn | E-post | Telefon"),
    ("k.xlsx", [["Kundlista 2026"]], "Kundlista 2026"),
])
def test_no_customer_rows_is_an_error(tmp_path, capsys, name, content, shown):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        _workbook(path, {"Blad1": content})
    assert main(["clean", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rensa: error: {path}: no customer rows: ") and f"({shown})" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
