"""Properties of core.clean on random registers (Hypothesis): shape, nothing lost, logs match the rows."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import clean

HEADERS = ["E-post", "Telefon", "Namn", "Postnr", "Ort", "Land", "Personnummer", "Anteckning", "Kundnr"]
UNKNOWN = {"Anteckning", "Kundnr"}
PIECES = ["anna@example.se", "ANNA", "070-123 45 67", "+47 912 34 567", "114 18", "Sverige", "Norge", "=1+1",
          "@x", "-", "+", "811228-9874", "gmial.com", "\u00a0", "\u200b", " ", ";", '"', "Ø", "ä", "0", "\t"]
cells = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=3).map("".join)


@st.composite
def registers(draw):
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=12))
    return header, rows


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(), st.booleans())
def test_clean_keeps_shape_and_logs_every_difference(register, dedupe):
    header, rows = register
    result = clean((header, rows), {"dedupe": dedupe, "merge": dedupe})
    assert result.header == header and len(result.rows) == len(rows) == len(result.status)
    assert all(len(row) == len(header) for row in result.rows)
    for index, name in enumerate(header):
        if name in UNKNOWN:
            assert [row[index] for row in result.rows] == [row[index] for row in rows]
    # every cell that differs is in the change log with its exact before and after, in row order
    logged = {(c.row, c.column): (c.before, c.after) for c in result.changes}
    differing = {(r, c): (rows[r - 1][c], result.rows[r - 1][c]) for r in range(1, len(rows) + 1)
                 for c in range(len(header)) if rows[r - 1][c] != result.rows[r - 1][c]}
    assert logged == differing
    assert [(c.row, c.column) for c in result.changes] == sorted(logged)
    # a row has a status sentence exactly when it has an issue or is part of a duplicate group
    with_issues = {i.row for i in result.issues} | {r for c in result.duplicates if c.band == "sure" for r in c.rows}
    assert {n for n, s in enumerate(result.status, 1) if s} == with_issues
    for q in (result.quality.before, result.quality.after):
        assert 0 <= q.score <= 100 and all(0 <= c.score <= 100 for c in q.columns)
