"""A free dry run shows the quality, not the work (issue 11): no cleaned value leaves the server, and it is rate-limited."""

from __future__ import annotations

import json

from core.models import CleanCounts
from core.status import summary as say_summary
from tests.conftest import STACK_ENV
from tests.functions._api import Api

HEADER = ["Namn", "E-post", "Telefon", "Postnummer"]
ROWS = [
    ["ANNA BERG", "anna.berg@gmial.com", "070-123 45 67", "11418"],
    ["Björn Ek", "bjorn.ek@gmail.com", "+46701112233", "411 05"],
    ["anna berg", "ANNA.BERG@GMAIL.COM", "0701234567", "114 18"],
    ["Cecilia Ström", "cecilia@", "12", "999"],
]


def _values(answer_body) -> set[str]:
    """Every string anywhere in a JSON answer."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                found.add(str(key))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(answer_body)
    return found


def test_a_dry_run_answers_the_quality_and_no_cleaned_value(stack):
    api = Api(stack)
    token = api.new_user()
    body = {"header": HEADER, "rows": ROWS, "options": {"merge": True}}
    dry = api.call("POST", "/v1/clean", {**body, "dry_run": True}, token=token)
    paid = api.call("POST", "/v1/clean", body, token=token)
    assert dry.status == paid.status == 200
    assert not {"rows", "status"} & set(dry.body)
    assert all(set(change) == {"row", "column", "header"} for change in dry.body["changes"])
    assert all(issue["suggestion"] is None for issue in dry.body["issues"])
    # The work (cleaned values that differ from what was sent, suggestions) appears nowhere in the dry run.
    sent = {cell for row in ROWS for cell in row}
    work = {c["after"] for c in paid.body["changes"]} | {i["suggestion"] for i in paid.body["issues"] if i["suggestion"]}
    work = {value for value in work - sent if value}
    assert work and not work & _values(dry.body), work & _values(dry.body)
    # ... while the quality, the counts, the groups and the problems per row agree with the paid clean.
    assert dry.body["quality"] == paid.body["quality"] and dry.body["roles"] == paid.body["roles"]
    assert [(c["row"], c["column"]) for c in dry.body["changes"]] == [(c["row"], c["column"]) for c in paid.body["changes"]]
    assert [(i["row"], i["code"], i["message"]) for i in dry.body["issues"]] == [
        (i["row"], i["code"], i["message"]) for i in paid.body["issues"]
    ]
    assert [(d["rows"], d["survivor"], d["explanation"]) for d in dry.body["duplicates"]] == [
        (d["rows"], d["survivor"], d["explanation"]) for d in paid.body["duplicates"]
    ]
    # One set of numbers (core's CleanCounts) for the dry run and the clean, worded by core's sentences.
    counts = dry.body["counts"]
    assert {name: counts[name] for name in paid.body["counts"]} == paid.body["counts"]
    assert (counts["rows"], counts["cells_changed"], counts["problems"]) == (
        4, len(paid.body["changes"]), len(paid.body["issues"]))
    assert counts["duplicate_groups"] + counts["possible_duplicate_groups"] == len(paid.body["duplicates"])
    assert sum(counts["by_code"].values()) == counts["problems"] and "email.typo" in counts["by_code"]
    assert dry.body["summary"] == say_summary(CleanCounts(**paid.body["counts"]), dry_run=True)
    assert paid.body["summary"] == say_summary(CleanCounts(**paid.body["counts"]), dry_run=False)
    assert dry.body["notes"] == paid.body["notes"]  # the row notes name rows and evidence, no cleaned value
    # what would change, per column and kind, adds up to the cells a clean changes; no examples (no values)
    assert sum(kind["count"] for kind in dry.body["will_change"]) == len(paid.body["changes"])
    assert all(kind["examples"] == [] for kind in dry.body["will_change"])


def test_a_dry_run_is_free_even_with_nothing_left_but_never_returns_the_work(stack):
    api = Api(stack)
    token = api.new_user()
    filler = [[f"Person {i}", f"p{i}@firma.se", "", ""] for i in range(500)]
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": filler}, token=token).status == 200
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": ROWS}, token=token).status == 402
    dry = api.call("POST", "/v1/clean", {"header": HEADER, "rows": ROWS, "dry_run": True}, token=token)
    assert dry.status == 200 and "rows" not in dry.body and dry.body["usage"]["rows_charged"] == 0
    assert "anna.berg@gmail.com" not in json.dumps(dry.body)


def test_free_dry_runs_are_limited_per_account_and_hour_with_retry_after(stack):
    api = Api(stack)
    token, other = api.new_user(), api.new_user()
    limit = int(STACK_ENV["RENSA_FREE_DRY_RUN_ROWS_PER_HOUR"])
    rows = [[f"Person {i}", f"p{i}@firma.se", "", ""] for i in range(limit // 2)]
    for _ in range(2):
        assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows, "dry_run": True}, token=token).status == 200
    limited = api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows[:1], "dry_run": True}, token=token)
    assert (limited.status, limited.body["code"]) == (429, "rate_limited.dry_run")
    assert 1 <= int(limited.headers["Retry-After"]) <= 3600
    assert limited.body["message"].startswith("Free dry runs are limited to ") and "rows per hour" in limited.body["message"]
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows[:1], "dry_run": True}, token=other).status == 200
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows[:1]}, token=token).status == 200  # paid cleans go on
    blank = [["", "", "", ""]] * 3  # blank rows are free and not counted
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": blank, "dry_run": True}, token=token).status == 200
