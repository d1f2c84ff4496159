"""Every level label dedup can give says itself in every language, a user's header included (issue 14).

A column with no role (``--match-on Kundnr``) is compared by a generic comparison whose labels are marked
templates with the header as ``{column}``; the null and else levels of every comparison name their field the
same way. Translated where shown (status column, reports, API), they keep the header exactly as written.
"""

from __future__ import annotations

import pytest

from core.dedup import prepare
from core.dedup.comparisons import generic_comparison
from core.i18n import LANGUAGES, Phrase, translator
from tests.core.dedup.test_comparisons import HEADER, ROLES

TRANSLATED = [language for language in LANGUAGES if language != "en"]


def every_label() -> list[str]:
    rows = [["Anna", "Berg", "19121212-1212", "1912-12-12", "a@b.se", "070-123 45 67", "Storgatan 1", "114 55",
             "Stockholm", "privat"], ["Bo", "Ek", "", "", "", "", "", "", "", "företag"]]
    scorer = prepare(HEADER, rows, ROLES, {"match_on": tuple(range(len(ROLES)))})
    labels = [level.label for comparison in scorer.comparisons for level in comparison.levels if level.label]
    for identifier in (True, False):
        labels += [level.label for level in generic_comparison("col9", "Kundnr", identifier).levels]
    return labels


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_label_is_translated_and_filled(language):
    t = translator(language)
    labels = every_label()
    assert any("Kundtyp" in label for label in labels) and any("Kundnr" in label for label in labels)
    for label in labels:
        said = t.gettext(label)
        assert said != label, f"{label!r} is English in {language}"
        assert "{" not in said and "}" not in said
        if "Kundnr" in label or "Kundtyp" in label:  # the header as the user wrote it
            assert ("Kundnr" in said) == ("Kundnr" in label) and ("Kundtyp" in said) == ("Kundtyp" in label)


@pytest.mark.parametrize(("identifier", "english", "swedish"), [
    (True, ["Kundnr missing", "same Kundnr", "Kundnr one character off", "different Kundnr"],
     ["Kundnr saknas", "samma Kundnr", "Kundnr skiljer på ett tecken", "olika Kundnr"]),
    (False, ["Kundnr missing", "same Kundnr", "similar Kundnr", "different Kundnr"],
     ["Kundnr saknas", "samma Kundnr", "liknande Kundnr", "olika Kundnr"]),
])
def test_generic_labels(identifier, english, swedish):
    labels = [level.label for level in generic_comparison("col0", " Kundnr ", identifier).levels]
    assert labels == english  # the English text (what the JSON's reasons hold) is as it was
    assert all(isinstance(label, Phrase) for label in labels)
    assert [translator("sv").gettext(label) for label in labels] == swedish


def test_a_header_with_braces_or_no_header():
    assert translator("nb").gettext(generic_comparison("col0", "Nr {x}").levels[1].label) == "samme Nr {x}"
    unnamed = generic_comparison("col0", "  ").levels[1].label
    assert (unnamed, translator("da").gettext(unnamed), translator("fi").gettext(unnamed)) == (
        "same column", "samme kolonne", "sama sarake")


def test_role_fields_are_named_in_the_language():
    rows = [["Anna", "Berg", "", "", "a@b.se", "", "", "", "", ""], ["Anna", "Berg", "", "", "", "", "", "", "", ""]]
    scorer = prepare(HEADER, rows, ROLES, {})
    email = next(c for c in scorer.comparisons if c.name == "email")
    assert [translator("sv").gettext(email.levels[i].label) for i in (0, -1)] == ["e-postadress saknas",
                                                                                  "olika e-postadress"]
