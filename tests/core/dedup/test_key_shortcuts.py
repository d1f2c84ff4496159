"""Match keys that skip work for speed give what the whole work gives (Hypothesis over the characters that matter)."""

import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.dedup import keys
from core.dedup.keys import phone_key

# digits, the separators registers write, the letters of every extension mark in both cases, "#", and letters that
# match a mark's letter only when case is ignored (the Kelvin sign is k, the long s is s)
PHONES = st.text("0123456789 +-()/.,:#extankjoliruEXTANKJOLIRU\u212a\u017f", max_size=24)
EVERY_NUMBER = re.compile("")  # a "mark" found in every number: the extension pattern is then always tried


@settings(max_examples=500, deadline=None)
@given(PHONES, st.sampled_from(["SE", "NO", "DK", "FI"]))
@example("08-123 456 78 ankn. 12", "SE")
@example("+47 22 33 44 55 #204", "NO")
@example("070 123 45 67 \u212a 3", "SE")
def test_phone_key_cuts_an_extension_only_where_one_can_be(value, country):
    with mock.patch.object(keys, "_EXTENSION_MARK", EVERY_NUMBER):
        tried_everywhere = phone_key(value, country)
    assert phone_key(value, country) == tried_everywhere
