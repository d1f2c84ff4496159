"""The split duplicate pass over HTTP (issue 12): a register larger than one call, in calls of bounded size.

The test drives the three steps as addon/Clean.gs does (keys slice by slice, parts of whole blocks, whole
components), with small parts so that the register is split many ways, and checks that it finds the same
duplicates as the one-call pass, that every call stays within its row limit, and that nothing but keyed
hashes and numbers comes back from the steps that the caller keeps."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.functions._api import Api

HEADER = ["Förnamn", "Efternamn", "E-post", "Telefon", "Postnummer"]
ROLES = {"0": "given_name", "1": "family_name", "2": "email", "3": "phone", "4": "postal_code"}
GIVEN = ("Anna Erik Maria Lars Karin Johan Sara Per Emma Nils Ida Olof Eva Anders Lena Mikael Sofia Jonas Elin "
         "Henrik Maja Oskar Julia Gustav Ebba Viktor Alice Filip Tove Axel Wilma Hugo Linnea Arvid Saga Emil Astrid "
         "Isak Frida Albin").split()
FAMILY = [a + b for a in ("Berg", "Lind", "Ek", "Holm", "Sjö", "Ny", "Wik", "Dahl", "Sand", "Björk", "Gran", "Fors")
          for b in ("ström", "qvist", "gren", "lund", "man", "blad", "ling", "sten", "mark", "vall")]
PART = 400  # rows per part in this test (the server allows RENSA_MAX_PASS_ROWS, 20,000)
SLICE = 2500  # rows per keys call: the first slice is large enough to learn weights from (2,000 rows)


def _register(n: int) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """n people, every 97th registered again 1,000 rows further down with a typed-differently e-mail and phone."""
    rows, twins = [], set()
    for i in range(n):
        given, family = GIVEN[i % len(GIVEN)], FAMILY[(i // len(GIVEN)) % len(FAMILY)]
        rows.append([given, family, f"{given.lower()}.{family.lower()}{i % 7}@exempel.se",
                     f"070-{1000000 + i * 13:07d}", f"{11400 + (i // 5) % 300}"])  # households of five
    for i in range(0, n - 1000, 97):
        row = rows[i]
        rows[i + 1000] = [row[0], row[1], row[2].upper(), row[3].replace("070-", "+46 70 "), row[4]]
        twins.add((i + 1, i + 1001))
    return rows, twins


def _post(api, token, path, body, status=200):
    answer = api.call("POST", path, headers={"Content-Encoding": "gzip"}, data=gzip.compress(json.dumps(body).encode()),
                      token=token)
    assert answer.status == status, answer.body
    return answer.body


def _split_pass(api, token, job_id, rows, options):
    """What addon/Clean.gs does: keys by slice, whole blocks packed into parts, whole components."""
    n = len(rows)
    blocks: dict[str, list[int]] = {}
    needed: set[str] = set()  # blocks of a rule that pairs only rows lacking a value: sent if one lacks it
    model = None
    for start in range(0, n, SLICE):
        answer = _post(api, token, "/v1/duplicates/keys", {"header": HEADER, "rows": rows[start:start + SLICE],
                                                             "options": options, "job_id": job_id, "train": start == 0})
        model = model or answer["model"]
        assert len(answer["keys"]) == len(rows[start:start + SLICE])
        for offset, ids in enumerate(answer["keys"]):
            for block in ids.split():
                bare = block.rstrip("*+")
                blocks.setdefault(bare, []).append(start + offset + 1)
                if block.endswith("*") or block == bare:
                    needed.add(bare)
    parts, current = [], set()
    for block, members in blocks.items():
        if len(members) < 2 or block not in needed:
            continue
        if len(current | set(members)) > PART:
            parts.append(current)
            current = set()
        current |= set(members)
    parts.append(current)
    best: dict[tuple[int, int], tuple[float, bool, float]] = {}
    for part in parts:
        numbers = sorted(part)
        answer = _post(api, token, "/v1/duplicates/pairs", {
            "header": HEADER, "rows": [rows[r - 1] for r in numbers], "row_numbers": numbers, "register_rows": n,
            "model": model, "options": options, "job_id": job_id})
        for a, b, p, apart, odds in answer["pairs"]:
            if (a, b) not in best or best[(a, b)][0] < p:
                best[(a, b)] = (p, apart, odds)
    parent: dict[int, int] = {}

    def root(r):
        while parent.setdefault(r, r) != r:
            r = parent[r]
        return r

    for (a, b), (p, _, _) in best.items():
        if p >= 0.6:
            parent[max(root(a), root(b))] = min(root(a), root(b))
    components: dict[int, list[int]] = {}
    for r in list(parent):
        components.setdefault(root(r), []).append(r)
    numbers = sorted(r for members in components.values() for r in members)
    inside = set(numbers)
    pairs = [[a, b, p, x, w] for (a, b), (p, x, w) in best.items() if a in inside and b in inside]
    answer = _post(api, token, "/v1/duplicates/clusters", {
        "header": HEADER, "rows": [rows[r - 1] for r in numbers], "row_numbers": numbers, "register_rows": n,
        "pairs": pairs, "model": model, "options": options, "job_id": job_id})
    return answer, parts, model


def test_the_split_pass_finds_what_one_pass_finds_in_calls_of_bounded_size(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    rows, twins = _register(3000)
    job_id = api.call("POST", "/v1/jobs", {"rows": 0, "label": "Stort"}, token=token).body["job_id"]
    options = {"roles": ROLES, "header_row": 1, "language": "sv"}
    whole = _post(api, token, "/v1/duplicates", {"header": HEADER, "rows": rows, "options": options, "job_id": job_id})
    split, parts, model = _split_pass(api, token, job_id, rows, options)

    one = sorted((c["rows"], c["survivor"], c["band"]) for c in whole["duplicates"])
    assert {tuple(rows) for rows, _, band in one if band == "sure"} == twins
    assert sorted((c["rows"], c["survivor"], c["band"]) for c in split["duplicates"]) == one
    assert split["notes"] == whole["notes"]  # the notes people read, in Swedish, naming sheet rows
    assert split["notes"]["1001"].startswith("Dubblett av rad 2")
    assert len(parts) > 3 and max(len(p) for p in parts) <= PART  # the register went in several parts
    assert model["trained"] is True and set(model) == {"trained", "rows", "prior", "household_given",
                                                      "married_names", "own_changes", "own_missing",
                                                      "namesakes_at_place", "mailbox_shared", "own_mailbox_two",
                                                      "dotted_one", "m", "u"}


def test_keys_are_keyed_hashes_the_same_across_slices_of_one_job_only(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    job_a = api.call("POST", "/v1/jobs", {"rows": 0, "label": "A"}, token=token).body["job_id"]
    job_b = api.call("POST", "/v1/jobs", {"rows": 0, "label": "B"}, token=token).body["job_id"]
    anna = ["Anna", "Berg", "anna.berg@exempel.se", "070-123 45 67", "11418"]
    again = ["anna", "BERG", "Anna.Berg@Exempel.se", "+46701234567", "114 18"]
    body = {"header": HEADER, "options": {"roles": ROLES}}
    first = _post(api, token, "/v1/duplicates/keys", {**body, "rows": [anna], "job_id": job_a})
    second = _post(api, token, "/v1/duplicates/keys", {**body, "rows": [again, ["", "", "", "", ""]], "job_id": job_a})
    other = _post(api, token, "/v1/duplicates/keys", {**body, "rows": [anna], "job_id": job_b})
    assert first["keys"][0] == second["keys"][0] and second["keys"][1] == ""
    assert set(first["keys"][0].split()).isdisjoint(other["keys"][0].split())
    text = json.dumps(first["keys"]).lower()
    assert not any(part in text for part in ("anna", "berg", "exempel", "1234567", "11418"))
    assert first["model"] is None  # asked for no weights


@pytest.mark.parametrize(("path", "change", "code"), [
    ("/v1/duplicates/keys", {"rows": [["a"] * 5] * 20_001}, "request.too_many_rows"),
    ("/v1/duplicates/pairs", {"row_numbers": [1]}, "request.invalid"),
    ("/v1/duplicates/pairs", {"row_numbers": [1, 1]}, "request.invalid"),
    ("/v1/duplicates/pairs", {"register_rows": 1}, "request.invalid"),
    ("/v1/duplicates/pairs", {"model": {"trained": True, "prior": 2.0}}, "request.invalid"),
    ("/v1/duplicates/pairs", {"model": {"trained": True, "m": {"email": [1.0, 0.0]}}}, "request.invalid"),
    ("/v1/duplicates/pairs", {"options": {"roles": ROLES, "dedupe_level": "household"}}, "request.invalid"),
    ("/v1/duplicates/clusters", {"pairs": [[1, 3, 0.9, False, 12.0]]}, "request.invalid"),
    ("/v1/duplicates/clusters", {"pairs": [[1, 2, 1.5, False, 12.0]]}, "request.invalid"),
    ("/v1/duplicates/clusters", {"pairs": [[1, 2, 0.9, False]]}, "request.invalid"),
])
def test_the_split_pass_refuses_what_it_cannot_serve(sqlite_stack, path, change, code):
    api = Api(sqlite_stack)
    token = api.new_user()
    job_id = api.call("POST", "/v1/jobs", {"rows": 0, "label": "A"}, token=token).body["job_id"]
    rows = [["Anna", "Berg", "a@b.se", "", ""], ["Anna", "Berg", "a@b.se", "", ""]]
    body = {"header": HEADER, "rows": rows, "options": {"roles": ROLES}, "job_id": job_id}
    if not path.endswith("keys"):
        body.update(row_numbers=[1, 2], register_rows=2, **({"pairs": []} if path.endswith("clusters") else {}))
    assert _post(api, token, path, {**body, **change}, status=400)["code"] == code


def test_the_split_pass_belongs_to_a_running_job(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    job_id = api.call("POST", "/v1/jobs", {"rows": 0, "label": "A"}, token=token).body["job_id"]
    body = {"header": HEADER, "rows": [["Anna", "Berg", "", "", ""]], "options": {"roles": ROLES}}
    api.call("POST", f"/v1/jobs/{job_id}/finish", {}, token=token)
    assert _post(api, token, "/v1/duplicates/keys", {**body, "job_id": job_id}, status=400)["code"] == "job.ended"
    assert _post(api, token, "/v1/duplicates/keys", {**body, "job_id": "no-such-job"}, status=404)["code"] == "not_found"
    stranger = api.new_user()
    assert _post(api, stranger, "/v1/duplicates/keys", {**body, "job_id": job_id}, status=404)["code"] == "not_found"
