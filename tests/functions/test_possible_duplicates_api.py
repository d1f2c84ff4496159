"""The API's duplicate answers carry the rows that may repeat a sure cluster's customer (issue 9), over the real
server: ``POST /v1/duplicates`` (one call), the split pass's clusters step (the register's data rows), and
``POST /v1/clean`` (a test wash, which shows no cell values)."""

from __future__ import annotations

import gzip
import json

from tests.functions._api import Api

HEADER = ["Förnamn", "Efternamn", "E-post", "Telefon", "Adress", "Postnr", "Ort"]
ROLES = {"0": "given_name", "1": "family_name", "2": "email", "3": "phone", "4": "street", "5": "postal_code",
         "6": "city"}
HAUGEN = [  # "T. Haugen" (row 3) may be Tor (rows 1-2) or Tone (rows 4-5)
    ["Tor", "Haugen", "tor.haugen@gmail.com", "+47 912 34 567", "Storgata 1", "0155", "Oslo"],
    ["Tor", "Haugen", "tor.haugen@gmail.com", "", "Storgata 1", "0155", "Oslo"],
    ["T.", "Haugen", "", "", "Storgata 1", "0155", "Oslo"],
    ["Tone", "Haugen", "tone.h@online.no", "+47 913 11 111", "Storgata 1", "0155", "Oslo"],
    ["Tone", "Haugen", "tone.h@online.no", "", "Storgata 1", "0155", "Oslo"],
]
OPTIONS = {"roles": ROLES, "country": "NO", "language": "en", "header_row": 1}
# what agrees, and what holds the pair back ("T." fits Tor and Tone alike: issue 9)
EVIDENCE = "given name initial matches, same family name, same address, but the initial fits more than one person: 90 %"


def _post(api, token, path, body, status=200):
    answer = api.call("POST", path, headers={"Content-Encoding": "gzip"}, data=gzip.compress(json.dumps(body).encode()),
                      token=token)
    assert answer.status == status, answer.body
    return answer.body


def _job(api, token):
    return api.call("POST", "/v1/jobs", {"rows": 0, "label": "Haugen"}, token=token).body["job_id"]


def test_one_call_answers_the_row_and_its_note(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    found = _post(api, token, "/v1/duplicates", {"header": HEADER, "rows": HAUGEN, "options": OPTIONS,
                                                 "job_id": _job(api, token)})
    assert [(c["rows"], c["band"]) for c in found["duplicates"]] == [([1, 2], "sure"), ([4, 5], "sure")]
    assert [(p["row"], p["rows"], p["clusters"], [e["rows"] for e in p["pairs"]])
            for p in found["possible_duplicates"]] == [(3, [1, 4], [1, 2], [[1, 3], [3, 4]])]
    assert found["notes"]["3"] == f"Possible duplicate of row 2 ({EVIDENCE}) or row 5 ({EVIDENCE}): check by hand."
    # each pair says what holds it back, as dedup's English labels (PairEvidence.against), beside its reasons
    assert [(e["reasons"], e["against"]) for e in found["possible_duplicates"][0]["pairs"]] == [
        (["given name initial matches", "same family name", "same address"],
         ["the initial fits more than one person"])] * 2
    assert all(e["against"] == [] for c in found["duplicates"] for e in c["pairs"])  # a sure group's pairs: none


def test_the_split_pass_answers_them_in_the_register_s_rows(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    job_id = _job(api, token)
    numbers = [41, 42, 43, 44, 45]  # where these rows are in a register of 100
    body = {"header": HEADER, "rows": HAUGEN, "row_numbers": numbers, "register_rows": 100, "options": OPTIONS,
            "job_id": job_id}
    pairs = _post(api, token, "/v1/duplicates/pairs", body)["pairs"]
    found = _post(api, token, "/v1/duplicates/clusters", {**body, "pairs": pairs})
    assert [(p["row"], p["rows"], [e["rows"] for e in p["pairs"]]) for p in found["possible_duplicates"]] == [
        (43, [41, 44], [[41, 43], [43, 44]])]
    assert found["notes"]["43"].startswith("Possible duplicate of row 42 (") and " or row 45 (" in found["notes"]["43"]


def test_a_test_wash_carries_them_without_values(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": HAUGEN, "options": OPTIONS, "dry_run": True},
                      token=token)
    assert answer.status == 200, answer.body
    found = answer.body
    assert [(p["row"], p["rows"]) for p in found["possible_duplicates"]] == [(3, [1, 4])]
    assert found["notes"]["3"] == f"Possible duplicate of row 2 ({EVIDENCE}) or row 5 ({EVIDENCE}): check by hand."
    assert found["counts"]["possible_duplicate_rows"] == 1
    assert "1 more row may repeat another: check by hand." in found["summary"]
    assert "haugen" not in json.dumps(found["possible_duplicates"]).lower()  # row numbers and reasons only


# "T. Haugen" twice (rows 3-4) is a sure group of its own that may be Tor's (rows 1-2) or Tone's (rows 5-6)
GROUPS = [HAUGEN[0], HAUGEN[1], ["T.", "Haugen", "", "+47 900 00 001", "Storgata 1", "0155", "Oslo"],
          ["T.", "Haugen", "", "+47 900 00 001", "Storgata 1", "0155", "Oslo"], HAUGEN[3], HAUGEN[4]]
GROUP_NOTE = f"Rows 2 and 3 may be the same customer as rows 4 and 5 (row 3 against row 4: {EVIDENCE}): check by hand."


def test_one_call_answers_the_groups_that_may_be_one_customer(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    found = _post(api, token, "/v1/duplicates", {"header": HEADER, "rows": GROUPS, "options": OPTIONS,
                                                 "job_id": _job(api, token)})
    assert [(c["rows"], c["band"]) for c in found["duplicates"]] == [([1, 2], "sure"), ([3, 4], "sure"),
                                                                     ([5, 6], "sure")]
    assert [(c["clusters"], c["rows"], c["pair"]["rows"]) for c in found["close_clusters"]] == [
        ([1, 2], [2, 3], [2, 3]), ([2, 3], [3, 6], [3, 6])]
    assert found["notes"]["1"] == f"Row 3 is a duplicate of this row. {GROUP_NOTE}"
    assert found["possible_duplicates"] == []


def test_the_split_pass_answers_the_groups_in_the_register_s_rows(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    numbers = [41, 42, 43, 44, 45, 46]
    body = {"header": HEADER, "rows": GROUPS, "row_numbers": numbers, "register_rows": 100, "options": OPTIONS,
            "job_id": _job(api, token)}
    pairs = _post(api, token, "/v1/duplicates/pairs", body)["pairs"]
    found = _post(api, token, "/v1/duplicates/clusters", {**body, "pairs": pairs})
    assert [(c["rows"], c["pair"]["rows"]) for c in found["close_clusters"]] == [([42, 43], [42, 43]),
                                                                                 ([43, 46], [43, 46])]
    assert found["notes"]["41"].endswith("Rows 42 and 43 may be the same customer as rows 44 and 45 (row 43 against "
                                         f"row 44: {EVIDENCE}): check by hand.")


def test_a_test_wash_counts_the_groups(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": GROUPS, "options": OPTIONS, "dry_run": True},
                      token=token)
    assert answer.status == 200, answer.body
    assert [c["clusters"] for c in answer.body["close_clusters"]] == [[1, 2], [2, 3]]
    assert answer.body["counts"]["close_groups"] == 3
    assert "3 of these groups may be the same customer as another group: check by hand." in answer.body["summary"]
    assert answer.body["notes"]["1"].endswith(GROUP_NOTE)


FIRM_HEADER = ["Firma", "Org.nr", "Kontakt", "E-post", "Telefon"]
FIRMS = [["Haugen Bygg AS", "923456783", "Tor Haugen", "tor@haugenbygg.no", "+47 22 11 22 33"],
         ["Haugen Bygg", "923456783", "Kari Nilsen", "kari@haugenbygg.no", "+47 22 11 22 33"],
         ["", "", "Mona Vik", "mona@haugenbygg.no", ""]]


def test_the_company_level_answers_its_possible_duplicates_in_its_words(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    options = {"roles": {"0": "company", "1": "org_id", "3": "email", "4": "phone"}, "country": "NO",
               "language": "nb", "dedupe_level": "company"}
    found = _post(api, token, "/v1/duplicates", {"header": FIRM_HEADER, "rows": FIRMS, "options": options,
                                                 "job_id": _job(api, token)})
    assert [(c["rows"], c["band"], c["level"]) for c in found["duplicates"]] == [([1, 2], "sure", "company")]
    assert [(p["row"], p["rows"], p["level"]) for p in found["possible_duplicates"]] == [(3, [1], "company")]
    assert found["notes"]["3"] == "Muligens samme foretak som rad 2 (samme e-postdomene: 75 %): sjekk manuelt."
