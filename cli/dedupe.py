"""``rensa dedupe FILE --clusters OUT.csv``: find duplicate customers fast, without a full clean.

Reads the register with ``cli.io``, detects column roles with ``core.roles``,
normalizes only the e-mail and postal code columns with the field modules'
``normalize`` (phones and ids are folded by ``core.dedup.keys``), runs ``core.dedup.find_duplicates`` and writes one line per data
row: the row's id (the ``--id-column`` value, or the 1-based row number) and its
``cluster_id`` (empty when the row is in no cluster). The id column is an
identifier, so it is never used as evidence.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from cli.io import FileFormat, read_table, write_table
from cli.report import close_json, duplicates_json, possible_json
from core.dedup import IGNORE, DedupConfig, DedupResult, find_duplicates, match_columns
from core.dedup.collection import cycle_collection_paused
from core.errors import InputError
from core.fields import email, postal_code
from core.i18n import N_, Translator, translator
from core.roles import detect_roles
from core.status import say_count

# Phone numbers and personal ids are folded by core.dedup.keys itself (digits with the country code; the
# personnummer without its century), which is what matching needs and ten times cheaper than phonenumbers.
# Each with the options its module takes (an e-mail address has none; a postal code is read for the country).
_NORMALIZE: dict[str, Callable[[str, str], str]] = {
    "email": lambda value, country: email.normalize(value),
    "postal_code": lambda value, country: postal_code.normalize(value, country=country),
}


def add_parser(subparsers, t: Translator | None = None) -> argparse.ArgumentParser:
    t = t or translator("en")
    parser = subparsers.add_parser(
        "dedupe", help=t._("find duplicate rows and write their cluster ids"),
        description=t._("Find rows that are the same customer. Writes one line per data row with its cluster id."))
    parser.add_argument("file", help=t._("the register (.csv or .xlsx)"))
    parser.add_argument("--clusters", metavar="OUT.csv",
                        help=t._("where to write row id and cluster_id (default: FILE.clusters.csv next to FILE)"))
    parser.add_argument("--threshold", type=float, default=None, metavar="P",
                        help=t._("match probability for a sure duplicate (default 0.9)"))
    parser.add_argument("--review-threshold", type=float, default=None, metavar="P",
                        help=t._("lower bound of the review band (default 0.6)"))
    parser.add_argument("--include-review", action="store_true",
                        help=t._("also give the rows of review clusters a cluster_id, and add a column may_repeat: the sure "
                                 "clusters a row may repeat (for a row of a sure cluster: the other sure clusters "
                                 "that may be the same customer)"))
    parser.add_argument("--id-column", metavar="COL", help=t._("column whose value identifies a row in OUT.csv"))
    parser.add_argument("--role", action="append", default=[], metavar="COLUMN=ROLE",
                        help=t._("set a column's role, e.g. --role 'Mobil=phone' (ROLE 'none' ignores it)"))
    parser.add_argument("--country", default=None,
                        help=t._("country of numbers without a country code (default: the country of the headers' language, "
                                 "else your locale's, else SE)"))
    parser.add_argument("--report", metavar="REPORT.json", help=t._("also write the clusters with reasons as JSON"))
    from cli.main import add_dedup_options

    add_dedup_options(parser, t)
    parser.set_defaults(func=run)
    return parser


def _overrides(pairs: list[str]) -> dict[str | int, str | None]:
    out: dict[str | int, str | None] = {}
    for pair in pairs:
        column, sep, role = pair.partition("=")
        if not sep:
            raise InputError(N_("--role '{value}': write it as COLUMN=ROLE."), code="input.option", value=pair)
        out[column.strip()] = None if role.strip().lower() in ("", "none") else role.strip()
    return out


def _config(args) -> DedupConfig:
    options = {"country": args.country.upper(), "merge_proposals": bool(args.report),
               "level": getattr(args, "dedupe_level", "person")}
    if args.threshold is not None:
        options["sure_threshold"] = args.threshold
        if args.review_threshold is None:
            options["review_threshold"] = min(args.threshold, DedupConfig().review_threshold)
    if args.review_threshold is not None:
        options["review_threshold"] = args.review_threshold
    try:
        return DedupConfig(**options)
    except ValueError as err:
        raise InputError(N_("The thresholds do not fit together: --review-threshold must not be above --threshold."),
                         code="input.option") from err


def _plain_email(value: str) -> bool:
    """Already a bare address: the field module's normalize would only lower-case it, as dedup does anyway."""
    return value.count("@") == 1 and not any(ch in value for ch in " <>,;:") and "mailto" not in value.lower()


def prepare_rows(rows: list[list[str]], roles: list[str | None], country: str) -> None:
    """Normalize the e-mail and postal code columns in place (each distinct value once)."""
    for column, role in enumerate(roles):
        function = _NORMALIZE.get(role or "")
        if function is None:
            continue
        values = {row[column] for row in rows if column < len(row)} - {""}
        cache = {}
        for value in values:
            if role == "email" and _plain_email(value):
                continue
            try:
                cache[value] = function(value, country)
            except ValueError:
                continue
        for row in rows:
            if column < len(row) and row[column] in cache:
                row[column] = cache[row[column]]


@cycle_collection_paused()  # reading the register and writing the clusters too: see core.dedup.collection
def run(args) -> int:
    """``rensa dedupe``: each row's cluster id in a CSV (the clusters with reasons as JSON with --report)."""
    header, rows, _ = read_table(args.file)
    from cli.main import choose_country

    args.country = choose_country(args.country, os.environ, header, getattr(args, "language", None))
    config = _config(args)
    if args.clusters is None:
        args.clusters = str(Path(args.file).with_suffix(".clusters.csv"))
    roles = detect_roles(header, rows, _overrides(args.role))
    id_at = _id_column_at(args.id_column, header)
    ids = _row_ids(rows, id_at)
    if id_at is not None:
        roles[id_at] = IGNORE  # a customer number says which row is which, not who is who
    if getattr(args, "match_on", None):
        config = _with_match_on(config, header, args.match_on, id_at, args.file)
    prepare_rows(rows, roles, config.country)
    result = find_duplicates(header, rows, roles, config)
    _write_clusters(args, ids, result)
    if args.report:
        t = translator(getattr(args, "language", None))
        said = {**result.model_dump(), "clusters": duplicates_json(result.clusters, t),
                "possible_duplicates": possible_json(result.possible_duplicates, t),
                "close_clusters": close_json(result.close_clusters, t), "language": t.language}
        with open(args.report, "w", encoding="utf-8") as out:
            json.dump(said, out, ensure_ascii=False, indent=1)
    _print_counts(args, len(rows), result)
    return 0


def _id_column_at(name: str | None, header: list[str]) -> int | None:
    if name is None:
        return None
    if name not in header:
        raise InputError(N_("--id-column '{column}': the file has no such column. Its columns are: {columns}."),
                         code="input.option", column=name, columns=", ".join(header))
    return header.index(name)


def _row_ids(rows: list[list[str]], id_at: int | None) -> list[str]:
    """What names each row in the output: its --id-column value, else its data row number."""
    if id_at is None:
        return [str(n) for n in range(1, len(rows) + 1)]
    return [(row[id_at] if id_at < len(row) else "") for row in rows]


def _with_match_on(config: DedupConfig, header: list[str], names: list[str | int], id_at: int | None,
                   file: str) -> DedupConfig:
    """--match-on: compare only these columns (never the id column). A column the file lacks is said as
    ``rensa clean`` says it: "rensa: error: FILE: match column 'Kundnummer': the register has no such column ..."."""
    try:
        columns = match_columns(header, names)
    except InputError as err:
        err.file = file  # main() names the file before the message
        raise
    return config.model_copy(update={"match_on": tuple(c for c in columns if c != id_at)})


def _write_clusters(args, ids: list[str], result: DedupResult) -> None:
    """One line per data row: its id and its cluster's id (empty when it has no duplicate); with --include-review
    also ``may_repeat``: the sure clusters a row outside them may repeat, and for a row of a sure cluster the other sure
    clusters that may be the same customer (space-separated ids), for a person to look at."""
    bands = ("sure", "review") if args.include_review else ("sure",)
    cluster_of = {row: c.cluster_id for c in result.clusters if c.band in bands for row in c.rows}
    out_rows = [[ids[n], str(cluster_of.get(n + 1, ""))] for n in range(len(ids))]
    header = [args.id_column or "row", "cluster_id"]
    if args.include_review:
        # a row no sure cluster holds keeps its own cluster (or none): one that may repeat a sure cluster's customer
        # names that cluster here, so a program that merges by cluster_id never merges it unchecked
        named: dict[int, set[int]] = {found.row: set(found.clusters) for found in result.possible_duplicates}
        rows_of = {cluster.cluster_id: cluster.rows for cluster in result.clusters}
        for link in result.close_clusters:  # every row of each of two sure clusters that may be one customer
            for this, other in (link.clusters, link.clusters[::-1]):
                for row in rows_of.get(this, []):
                    named.setdefault(row, set()).add(other)
        may_repeat = {row: " ".join(map(str, sorted(ids))) for row, ids in named.items()}
        header.append("may_repeat")
        for n, line in enumerate(out_rows):
            line.append(may_repeat.get(n + 1, ""))
    write_table(args.clusters, header, out_rows, FileFormat("csv", newline="\n"))


def _print_counts(args, rows: int, result: DedupResult) -> None:
    sure = result.stats.get("clusters_sure", 0)
    review = result.stats.get("clusters_review", 0)
    dupes = sum(len(c.rows) - 1 for c in result.clusters if c.band == "sure")
    t = translator(getattr(args, "language", None))
    # counts after a colon, so "1" and "2" read the same in every language (one plural form per sentence: the rows)
    print(t.n_("{n} row: sure duplicate groups: {sure}; rows to remove: {dupes}; groups to review: {review}. Clusters "
               "written to {path}.", "{n} rows: sure duplicate groups: {sure}; rows to remove: {dupes}; groups to "
               "review: {review}. Clusters written to {path}.", rows, sure=sure, dupes=dupes, review=review,
               path=str(args.clusters)),
          file=sys.stderr)
    groups = len({number for link in result.close_clusters for number in link.clusters})
    if groups:
        print(say_count("count.close_groups", groups, t), file=sys.stderr)
    if result.possible_duplicates:
        print(say_count("count.possible_duplicates", len(result.possible_duplicates), t), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run ``dedupe`` on its own (``python -m cli.dedupe``), for when ``rensa`` is not installed."""
    parser = argparse.ArgumentParser(prog="rensa")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["dedupe", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except InputError as err:
        print(err.text(getattr(args, "language", None)), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
