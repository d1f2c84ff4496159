"""The HTML and JSON report of a clean or a test wash: what will change, the worst rows by problem, phone width."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from core.status import say

HEADER = "Namn;E-post;Telefon;Land;Kundnr"


def _register(path, rows: list[str]):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _wash(tmp_path, rows, *options):
    source = _register(tmp_path / "kunder.csv", rows)
    assert main(["clean", str(source), "--dry-run", "-q", "--report", str(tmp_path / "r.json"),
                 "--report", str(tmp_path / "r.html"), *options]) == 0
    return json.loads((tmp_path / "r.json").read_text()), (tmp_path / "r.html").read_text(), source


def test_a_test_wash_says_what_the_clean_will_change_with_counts_and_examples(tmp_path):
    rows = [f"Anna Berg{i};anna{i}@firma.se;070-941 20 {10 + i};Sverige;K{i}" for i in range(12)]
    rows += [f"Ola Dahl{i};ola{i}@firma.no;912 34 5{10 + i};Norge;K{100 + i}" for i in range(3)]
    report, page, source = _wash(tmp_path, rows)
    kinds = {(k["header"], k["count"]): k for k in report["will_change"]}
    country = kinds[("Land", 15)]
    assert country["tidied"] is True
    assert [(x["before"], x["after"], x["count"]) for x in country["examples"]] == [("Sverige", "SE", 12),
                                                                                   ("Norge", "NO", 3)]
    phones = kinds[("Telefon", 12)]  # every Swedish mobile written 070-941 20 25 is one kind
    assert phones["examples"][0]["before"].startswith("070-941 20 ") and len(phones["examples"]) == 2
    assert sum(k["count"] for k in report["will_change"]) == report["counts"]["cells_changed"]
    assert report["counts"]["cells_tidied"] == report["counts"]["cells_changed"]
    # where the file goes: a test wash writes none and says how to get it
    would = say("report.would_write", path=str(source.with_name("kunder.cleaned.csv")))
    assert report["output"] is None and report["output_sentence"] == would
    assert "What the clean will change" in page and "Sverige <span class=\"arrow\">→</span> SE × 12" in page
    assert would in page
    assert not (tmp_path / "kunder.cleaned.csv").exists()


def test_the_worst_rows_are_grouped_by_problem_not_all_of_one_kind(tmp_path):
    rows = [f"Anna Berg{i};anna{i}@gmial.com;070-941 20 {10 + i};SE;K{i}" for i in range(40)]  # 40 typos
    rows += [f"Bo Ek{i};bo{i}@@x.se;070-941 21 {10 + i};SE;K{50 + i}" for i in range(3)]  # 3 invalid e-mails
    rows += [f"Cilla Dahl{i};cilla{i}@firma.se;12;SE;K{60 + i}" for i in range(3)]  # 3 invalid phones
    report, page, _ = _wash(tmp_path, rows, "--no-dedupe")
    groups = {g["code"]: g for g in report["rows_to_look_at"]}
    assert set(groups) == {"email.typo", "email.invalid", "phone.invalid"}
    assert sum(len(g["rows"]) for g in groups.values()) == 25
    assert len(groups["email.invalid"]["rows"]) == 3 and len(groups["phone.invalid"]["rows"]) == 3
    assert groups["email.typo"]["rows_with_it"] == 40 and len(groups["email.typo"]["rows"]) == 19
    # errors come before warnings; sheet rows (header is row 1)
    assert [g["code"] for g in report["rows_to_look_at"]][-1] == "email.typo"
    assert groups["email.invalid"]["rows"] == [42, 43, 44]
    assert page.count("<h3>") == 3


def test_the_page_fits_a_phone_and_prints_with_its_legend(tmp_path):
    _report, page, _ = _wash(tmp_path, ["ANNA BERG;anna@firma.se;0709412025;Sverige;K1"])
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<div class="scroll"><table' in page and "@media (max-width:600px)" in page
    assert "print-color-adjust:exact" in page and "@media print" in page
    # the legend's swatches are drawn (SVG), so a print without backgrounds still shows them
    assert 'Score per column, 0 to 100: <span><svg' in page
    # the column Rensa leaves alone is not charted, and one sentence says what the score means
    assert "<td>Kundnr</td>" not in page and "Kept as they are (not scored): Kundnr." in page
    assert say("score.meaning") in page


def test_a_clean_says_where_it_wrote_the_file(tmp_path):
    source = _register(tmp_path / "kunder.csv", ["Anna Berg;anna@firma.se;0709412025;Sverige;K1"])
    assert main(["clean", str(source), "-q", "--report", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["changed"] and "will_change" not in report
    assert report["output_sentence"] == say("report.wrote", path=str(tmp_path / "kunder.cleaned.csv"))


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "2026-12-02 14:05"), ("sv", "2 dec. 2026 14:05"), ("nb", "2. des. 2026 14:05"),
    ("da", "2. dec. 2026 14.05"), ("fi", "2.12.2026 14.05"),
])
def test_the_report_s_time_is_written_the_language_s_way(language, shown):
    """The page's facts line says when the clean ran as its reader writes dates; the JSON keeps ISO."""
    from cli.report import _when
    from core.i18n import translator

    assert _when("2026-12-02 14:05", translator(language)) == shown


def test_each_duplicate_row_shows_its_own_evidence_against_the_row_kept(tmp_path):
    # Kari is one customer three times: row 3 shares her e-mail, row 4 only her phone. Rows 3 and 4 share
    # nothing but the name, so the group's weakest pair is no reason to delete either; each row's reason is
    # its own pair with the row kept.
    source = tmp_path / "kunder.csv"
    source.write_text("Förnamn;Efternamn;E-post;Telefon;Adress;Postnr;Ort\n"
                      "Kari;Nordmann;kari@example.no;+47 913 00 000;Bygdøy allé 2;0257;Oslo\n"
                      "Kari;Nordman;kari@example.no;;Bygdøy allé 2;0257;Oslo\n"
                      "Kari;Nordmann;;+47 913 00 000;;;\n", encoding="utf-8")
    assert main(["clean", str(source), "--dry-run", "-q", "--lang", "en", "--country", "NO",
                 "--report", str(tmp_path / "r.html"), "--report", str(tmp_path / "r.json")]) == 0
    page = (tmp_path / "r.html").read_text()
    table = page[page.index("<h2>Duplicates"):]
    assert ("<td>row 3: same given name, similar family name, same e-mail, same address: 100%<br>"
            "row 4: same given name, same family name, same phone: 99%</td>") in table
    assert "same given name: 2%" not in table  # rows 3 and 4 against each other: not a reason shown
    cluster = json.loads((tmp_path / "r.json").read_text())["duplicates"][0]
    assert [p["explanation"] for p in cluster["pairs"]][0] == (
        "same given name, similar family name, same e-mail, same address: 100 %")  # one score on every surface


def test_the_json_report_says_its_sentences_in_the_reports_language(tmp_path):
    rows = [f"Anna Berg{i};anna{i}@gmial.com;070-941 20 {10 + i};SE;K{i}" for i in range(3)]
    report, page, _ = _wash(tmp_path, rows, "--lang", "sv")
    assert report["language"] == "sv"
    assert report["summary"][0] == "3 celler skulle ändras." and report["summary"][0] in page
    typo = next(g for g in report["rows_to_look_at"] if g["code"] == "email.typo")
    assert typo["label"] != "e-mail domains that look misspelled" and typo["label"] in page


@pytest.mark.parametrize(("language", "shown"), [("en", "(1 of 1 row)"), ("sv", "(1 av 1 rad)"), ("fi", "(1/1 rivi)")])
def test_a_problem_on_one_row_is_counted_in_the_singular(tmp_path, language, shown):
    rows = ["Anna Berg;anna@gmial.com;070-941 20 10;SE;K1", "Bo Ek;bo@firma.se;070-941 20 11;SE;K2"]
    _, page, _ = _wash(tmp_path, rows, "--lang", language, "--no-dedupe")
    assert f'<span class="muted">{shown}</span>' in page


def _kari_merged(tmp_path, language: str, copy_phone: str, *reports: str) -> dict:
    """Kari twice (the row kept, the more complete, has no phone; the copy has ``copy_phone`` and no address) and a
    row with a formula, cleaned with ``--merge``: the JSON report."""
    source = tmp_path / "kunder.csv"
    source.write_text("Förnamn;Efternamn;E-post;Telefon;Adress;Postnr;Ort\n"
                      "Kari;Nordmann;kari@example.no;;Bygdøy allé 2;0257;Oslo\n"
                      f"Kari;Nordmann;kari@example.no;{copy_phone};;;\n"
                      "=1+1;Dahl;ola@example.no;;;;\n", encoding="utf-8")
    assert main(["clean", str(source), "-q", "--merge", "--lang", language, "--country", "NO",
                 "--output", str(tmp_path / "ut.csv"), "--report", str(tmp_path / "r.json"),
                 *(option for report in reports for option in ("--report", str(tmp_path / report)))]) == 0
    return json.loads((tmp_path / "r.json").read_text())


@pytest.mark.parametrize(("language", "filled", "fix"), [("en", "filled in", "fix"), ("sv", "ifylld", "rättelse")])
def test_a_merge_fills_empty_cells_and_the_report_calls_that_filled_in_not_a_fix(tmp_path, language, filled, fix):
    # Kari is one customer twice: the row kept (the more complete) has no phone, the copy has one and no address.
    # The merge writes the copy's phone into the row kept's empty cell: nothing was wrong with a value there, so
    # it is "filled in", not a "fix". The formula in row 4 is neutralised: that is a fix.
    report = _kari_merged(tmp_path, language, "+47 91 30 00 00", "r.html")
    kinds = {k["header"]: k for k in report["changed"]}
    phone = kinds["Telefon"]
    assert (phone["filled"], phone["tidied"], phone["count"]) == (True, False, 1)
    assert [(x["before"], x["after"]) for x in phone["examples"]] == [("", "+47 91 30 00 00")]
    assert (kinds["Förnamn"]["filled"], kinds["Förnamn"]["tidied"]) == (False, False)
    page = (tmp_path / "r.html").read_text()
    changed = page[page.index('<table class="stack">'):]
    changed = changed[:changed.index("</table>")]
    rows = {row.split("</td>")[0]: row for row in changed.split("<tr><td>")[1:]}
    assert f'<span class="tag">{filled}</span>' in rows["Telefon"]
    assert f'<span class="tag">{fix}</span>' in rows["Förnamn"]


def test_a_sign_up_in_a_group_names_the_row_whose_mailbox_it_repeats(tmp_path):
    # a newsletter sign-up shares only its mailbox with Anne's first card and nothing with the card kept (her
    # WooCommerce copy with a work address): its Delete rests on its pair with the first card, and both the status
    # and the report's "Why" say so
    source = tmp_path / "shop.csv"
    source.write_text("\n".join([
        "Customer ID,First Name,Last Name,Email,Default Address Address1,Default Address City,Default Address Zip,"
        "Phone,Tags",
        "1,Anne,Nordbøset,anne.n@gmail.com,Tollbugata 102,Stavanger,4025,+4792380653,",
        "2,Anne,Nordbøset,a.nordboset@altibox.no,Tollbugata 102,Stavanger,4025,0047 92380653,woocommerce",
        "3,,,anne.n@gmail.com,,,,,nyhedsbrev",
        "4,Per,Holm,per.holm@gmail.com,Lillgata 3,Oslo,0155,+47 915 55 122,",
        "5,Kari,Lund,kari.lund@online.no,Bergveien 9,Bergen,5003,+47 915 55 344,"]) + "\n", encoding="utf-8")
    assert main(["clean", str(source), "--dry-run", "-q", "--country", "NO", "--report", str(tmp_path / "r.html"),
                 "--report", str(tmp_path / "r.json")]) == 0
    page = (tmp_path / "r.html").read_text()
    assert "<tr><td>2, 3, 4</td><td class=\"n\">3</td><td>row 2: same given name, same family name, same phone, " \
           "same address: 100%<br>row 4 against row 2: same e-mail: 95%</td></tr>" in page


@pytest.mark.parametrize(("language", "said"), [
    ("en", ["3 cells changed.", "Of these, 1 only changes the layout (the value was already right).",
            "Of these, 1 fills in a cell that was empty."]),
    ("sv", ["3 celler ändrades.", "Av dem ändrar 1 bara skrivsättet (värdet var redan rätt).",
            "Av dem fyller 1 i en cell som var tom."]),
    ("nb", ["3 celler ble endret.", "Av dem endrer 1 bare skrivemåten (verdien var allerede riktig).",
            "Av dem fyller 1 inn en celle som var tom."]),
    ("da", ["3 celler blev ændret.", "Af dem ændrer 1 kun skrivemåden (værdien var allerede rigtig).",
            "Af dem udfylder 1 en celle, der var tom."]),
    ("fi", ["3 solua muuttui.", "Niistä 1 muuttaa vain kirjoitusasua (arvo oli jo oikein).",
            "Niistä 1 täyttää solun, joka oli tyhjä."]),
])
def test_the_count_says_which_changes_filled_an_empty_cell(tmp_path, language, said):
    # The same Kari twice as above: 3 cells change (the copy's phone tidied, the phone the merge fills in, the
    # formula neutralised). Before, the summary said nothing of the fill, though the report's table shows it.
    report = _kari_merged(tmp_path, language, "91 30 00 00")
    assert (report["counts"]["cells_changed"], report["counts"]["cells_filled"]) == (3, 1)
    assert report["summary"][:3] == said


@pytest.mark.parametrize(("rows", "changes", "findings"), [
    # a merge: the changes take three lines (changed, layout only, filled in); before, a fixed two-line slice put
    # the filled-in line under the score
    (["Kari;Nordmann;kari@example.no;;Bygdøy allé 2", "Kari;Nordmann;kari@example.no;91 30 00 00;"],
     ["2 cells changed.", "Of these, 1 only changes the layout (the value was already right).",
      "Of these, 1 fills in a cell that was empty."],
     ["1 problem found.", "1 row repeats another row (customers listed more than once: 1).", "1 row is marked Delete."]),
    # one fix and nothing tidied: one line on the changes; before, "1 problem found." went over the changes table
    # and was missing under the score
    (["=1+1;Dahl;ola@example.no;;"], ["1 cell changed."], ["2 problems found; rows with a problem: 1."]),
])
def test_the_page_puts_the_lines_on_changes_over_the_changes_and_the_rest_under_the_score(tmp_path, rows, changes,
                                                                                         findings):
    source = tmp_path / "kunder.csv"
    source.write_text("Förnamn;Efternamn;E-post;Telefon;Adress\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["clean", str(source), "-q", "--merge", "--lang", "en", "--country", "NO",
                 "--output", str(tmp_path / "ut.csv"), "--report", str(tmp_path / "r.html")]) == 0
    sections = {part.split("</h2>")[0]: part for part in (tmp_path / "r.html").read_text().split("<h2>")[1:]}

    def said(title: str) -> list[str]:
        return [p.split("</p>")[0] for p in sections[title].split("<p>")[1:] if "class=" not in p.split("</p>")[0]]

    assert said("What the clean changed")[:len(changes)] == changes
    assert not set(findings) & set(said("What the clean changed"))
    assert said("Quality score")[1:1 + len(findings)] == findings  # after the score's meaning


# a father and the son named after him at one home: a review group
FATHER_AND_SON = ("Fornavn;Etternavn;E-post;Mobil;Fødselsdato;Adresse;Postnr;Sted\n"
                  "Anders;Berg;familien.berg@online.no;22 33 44 55;12.05.1960;Storgata 1;0155;Oslo\n"
                  "Anders;Berg;familien.berg@online.no;22 33 44 55;02.11.1988;Storgata 1;0155;Oslo\n"
                  "Per;Holm;per.holm@gmail.com;912 00 111;;Lillegata 3;0160;Oslo\n")


@pytest.mark.parametrize("language,held_back", [
    ("en", "but different birth date: 90 %"), ("nb", "men forskjellig fødselsdato: 90\u00a0%"),
    ("sv", "men olika födelsedatum: 90\u00a0%"), ("da", "men fødselsdato afviger: 90\u00a0%"),
    ("fi", "mutta eri syntymäaika: 90\u00a0%"),  # a no-break space before % (Babel's percent), not in English
])
def test_a_review_group_s_json_line_says_why_it_is_held_back(tmp_path, language, held_back):
    """One voice: the group's ``explanation`` carries the "but ..." of its pair and of the row's note (a father and
    the son named after him at one home; session 8's drive found the group's line without it)."""
    source = tmp_path / "medlemmer.csv"
    source.write_text(FATHER_AND_SON, encoding="utf-8")
    assert main(["clean", str(source), "--dry-run", "-q", "--lang", language, "--country", "NO",
                 "--report", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    (group,) = report["duplicates"]
    assert (group["band"], group["against"]) == ("review", ["different birth date"])  # English keys, like reasons
    assert group["explanation"].endswith(held_back)
    assert group["explanation"] == group["pairs"][0]["explanation"]
    # the note in the cell writes "90 %" with a plain space (core.status), the reports Babel's no-break space
    assert f"({group['explanation']})".replace("\u00a0", " ") in report["status"][1]


@pytest.mark.parametrize("language,count", [
    ("en", "cells or rows"), ("sv", "celler eller rader"), ("nb", "celler eller rader"), ("da", "celler eller rækker"),
    ("fi", "solut tai rivit"),
])
def test_the_problems_table_stacks_on_a_phone(tmp_path, language, count):
    """Each kind of problem is a block of lines on a narrow screen, its count named, as the other tables' rows are:
    the Finnish page scrolled sideways at 390 px ("päivämäärät, jotka eivät ole kelvollisia" beside
    ``row.possible_duplicate``, which cannot break)."""
    rows = ["Anna Berg;anna@@firma.se;070-941 20 10;Sverige;K1", "Ola Dahl;ola@firma.no;912 34 567;Norge;K2"]
    _, page, _ = _wash(tmp_path, rows, "--lang", language)
    start = page.rindex("<table", 0, page.index("<code>email.invalid</code>"))
    problems = page[start:page.index("</table>", start)]
    assert problems.startswith('<table class="stack">')
    assert f'<td><code>email.invalid</code></td><td class="n" data-label="{count}">1</td>' in problems


def test_a_column_s_layouts_are_one_row_of_the_changes_table(tmp_path):
    """Mobile numbers written three ways are one row "Telefon, layout only" with one example of each layout, not
    three rows that read the same (session 8's drive: "Mobil bare skrivemåte" three times); the JSON keeps a kind
    per layout, and the counts add up to the same cells."""
    rows = [f"Anna Berg{i};anna{i}@firma.se;070-941 20 {10 + i};SE;K{i}" for i in range(3)]
    rows += ["Ola Dahl;ola@firma.se;0709412099;SE;K8", "Per Holm;per@firma.se;070 941 20 98;SE;K9"]
    report, page, _ = _wash(tmp_path, rows)
    assert sorted(k["count"] for k in report["will_change"] if k["header"] == "Telefon") == [1, 1, 3]
    start = page.index('<table class="stack">')
    table = page[start:page.index("</table>", start)]
    (phones,) = [row for row in table.split("<tr>") if row.startswith("<td>Telefon</td>")]
    assert '<span class="tag">layout only</span></td><td class="n" data-label="cells">5</td>' in phones
    assert [line.split(" <span")[0] for line in phones.split('class="v">')[1].split("<br>")] == [
        "070-941 20 10", "0709412099", "070 941 20 98"]


@pytest.mark.parametrize("language,check,intro", [
    ("en", "check by hand", "1 group of rows that may be one customer: check by hand."),
    ("nb", "sjekk manuelt", "1 gruppe med rader som kan være samme kunde: sjekk manuelt."),
    ("fi", "tarkista käsin", "1 riviryhmä, joka voi olla yksi ja sama asiakas: tarkista käsin."),
])
def test_a_review_group_is_marked_check_by_hand_in_the_duplicates_table(tmp_path, language, check, intro):
    """The Duplicates table marks a group held back with a tag, not the problem's label in brackets after the score
    ("90 % (rows that may repeat another row (check by hand))"), and its intro counts it apart from the sure groups,
    as the summary does (it said "1 group of rows that look like one customer" of the father and son)."""
    source = tmp_path / "medlemmer.csv"
    source.write_text(FATHER_AND_SON, encoding="utf-8")
    assert main(["clean", str(source), "--dry-run", "-q", "--lang", language, "--country", "NO",
                 "--report", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    start = page.rindex("<table", 0, page.index("<td>2, 3</td>"))
    (group,) = [row for row in page[start:page.index("</table>", start)].split("<tr>") if row.startswith("<td>2, 3")]
    assert group.endswith(f'%<br><span class="tag">{check}</span></td></tr>')
    assert f'<p class="muted">{intro}</p>' in page
