"""CleanConfig: an unknown setting is an error naming it; dedup is a DedupConfig; every caller's dict is valid."""

import datetime

import pytest
from pydantic import ValidationError

from core import CleanConfig, clean
from core.dedup import DedupConfig
from functions.request_models import CleanOptions

TABLE = (["Namn", "E-post"], [["Anna Svensson", "anna@example.se"], ["ANNA SVENSSON", "Anna@Example.se"]])


@pytest.mark.parametrize("settings,message", [
    ({"dedup_e": False}, "CleanConfig has no setting 'dedup_e' (did you mean 'dedupe'?); the settings are "),
    ({"contry": "NO"}, "CleanConfig has no setting 'contry' (did you mean 'country'?); the settings are "),
    ({"dedupe_levle": "company"}, "CleanConfig has no setting 'dedupe_levle' (did you mean 'dedupe_level'?); "),
    ({"xyzzy": 1}, "CleanConfig has no setting 'xyzzy'; the settings are roles, country, "),
    ({"country": "NO", 3: "x"}, "CleanConfig has no setting 3; the settings are "),
])
def test_an_unknown_setting_is_an_error_that_names_it(settings, message):
    with pytest.raises(ValidationError) as raised:
        clean(TABLE, settings)
    assert raised.value.errors()[0]["msg"].removeprefix("Value error, ").startswith(message)
    with pytest.raises(ValidationError):
        CleanConfig(**{str(k): v for k, v in settings.items()})


def test_the_error_lists_every_setting():
    with pytest.raises(ValidationError) as raised:
        CleanConfig.model_validate({"dedup_e": False})
    listed = raised.value.errors()[0]["msg"].split("the settings are ")[1].rstrip(".").split(", ")
    assert listed == list(CleanConfig.model_fields)


def test_dedup_is_a_dedup_config():
    assert CleanConfig().dedup is None
    given = DedupConfig(sure_threshold=0.8)
    assert CleanConfig(dedup=given).dedup is given
    assert CleanConfig.model_validate({"dedup": {"sure_threshold": 0.8}}).dedup == given
    with pytest.raises(ValidationError):
        CleanConfig.model_validate({"dedup": "strict"})


def test_the_api_options_make_a_valid_config():
    """What the API and the add-on send (every option set) becomes a CleanConfig without an unknown key."""
    options = CleanOptions(roles={"Namn": "full_name", "1": "email"}, country="no", phone_display="national",
                           split_full_name=True, dedupe=True, merge=True, header_row=3, check_domains=False,
                           customer_column="Kund", match_on=["Namn"], dedupe_level="household",
                           company_lookup=True, enrich=["industry"], language="sv")
    settings = {**options.config(TABLE[0]), "today": datetime.date(2026, 12, 1), "language": "sv"}
    config = CleanConfig.model_validate(settings)
    assert (config.country, config.roles, config.header_row, config.dedupe_level) == (
        "NO", {"Namn": "full_name", 1: "email"}, 3, "household")
    assert clean(TABLE, settings).counts.rows == 2
