"""``core.i18n.Phrase``: a filled message stored as its English text that says itself in any language."""

from __future__ import annotations

import copy
import json
import pickle

import orjson
from pydantic import BaseModel

from core.i18n import N_, Phrase, PhraseText, translator


class Reasons(BaseModel):
    reasons: list[PhraseText]


def test_a_phrase_is_its_english_text():
    label = Phrase(N_("same {column}"), column="Kundnr")
    assert label == "same Kundnr" and hash(label) == hash("same Kundnr") and {label: 1} == {"same Kundnr": 1}
    assert json.dumps([label]) == '["same Kundnr"]' and orjson.dumps([label]) == b'["same Kundnr"]'
    assert translator("en").gettext(label) == "same Kundnr"


def test_it_says_itself_in_a_language_with_the_value_as_written():
    label = Phrase(N_("{column} one character off"), column="Kund-ID {x}")
    assert translator("sv").gettext(label) == "Kund-ID {x} skiljer på ett tecken"
    assert label.text("nb") == "Kund-ID {x} skiller seg med ett tegn"
    assert translator("sv").gettext("same e-mail") == "samma e-postadress"  # a plain message as before


def test_a_phrase_inside_a_phrase_is_translated_too():
    label = Phrase(N_("{column} missing"), column=Phrase(N_("e-mail")))
    assert label == "e-mail missing"
    assert [translator(language).gettext(label) for language in ("sv", "nb", "da", "fi")] == [
        "e-postadress saknas", "e-postadresse mangler", "e-mailadresse mangler", "sähköpostiosoite puuttuu"]


def test_copies_and_pickles_keep_the_template():
    label = Phrase(N_("similar {column}"), column="{Nr}")
    for kept in (copy.copy(label), copy.deepcopy(label), pickle.loads(pickle.dumps(label))):
        assert kept == label and kept.template == "similar {column}" and kept.params == {"column": "{Nr}"}
        assert translator("fi").gettext(kept) == "samankaltainen {Nr}"


def test_a_model_keeps_it_where_a_plain_str_field_would_not():
    label = Phrase(N_("same {column}"), column="Kundnr")
    model = Reasons(reasons=[label, "same e-mail"])
    assert isinstance(model.reasons[0], Phrase) and type(model.reasons[1]) is str
    assert isinstance(model.model_copy(deep=True).reasons[0], Phrase)
    assert model.model_dump(mode="json") == {"reasons": ["same Kundnr", "same e-mail"]}
    assert Reasons.model_json_schema()["properties"]["reasons"]["items"] == {"type": "string"}
