"""Reports of a clean: JSON for programs, a self-contained HTML page for people, a short terminal summary.

The HTML page has no scripts, fonts or links to fetch: the charts are inline SVG, the styles inline CSS,
and every value that came from the register is escaped.
"""

from __future__ import annotations

import datetime
import html
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from core.i18n import Translator, translator
from core.models import CleanResult, QualityReport, QualityScore
from core.rewrites import rewrite_kinds
from core.roles import ROLE_NAMES
from core.status import change_summary, evidence, problem_label, say, say_count
from core.status import summary as say_summary


@dataclass
class RunInfo:
    """Where a clean came from and went, for the reports."""

    input: str
    file_format: str
    output: str | None
    dry_run: bool
    date: str
    status_header: str
    header_row: int = 1  # the sheet row of the header: pages name sheet rows (data row + header_row)
    would_write: str | None = None  # a test wash: the file a clean would write
    language: str = "en"  # the language of every word of the reports (the JSON's codes stay English)


def _escape(text: str, quote: bool = False) -> str:
    """Text for an HTML text node (``quote=True`` for an attribute value)."""
    return html.escape(text, quote=quote)


def _explanation(cluster, t: Translator) -> str:
    """Why rows are one customer, in the report's language: the reasons (dedup's level labels), for a pair to check
    by hand what holds it back (its ``against``, in core.status's words), and the score."""
    against = list(getattr(cluster, "against", None) or [])
    if not cluster.reasons and not against:
        return cluster.explanation if t.language == "en" else t.percent(round(cluster.score * 100))
    return f"{evidence(cluster.reasons, None, t, against=against)}: {t.percent(min(100, int(cluster.score * 100)))}"


def duplicates_json(clusters, t: Translator) -> list[dict]:
    """The duplicate clusters for a JSON report: each explanation (the cluster's and each pair's) in the
    report's language; ``reasons`` stay dedup's English level labels, which programs key on, like codes."""
    found = []
    for cluster in clusters:
        item = cluster.model_dump(mode="json")
        if t.language != "en":
            item["explanation"] = _explanation(cluster, t)
            for pair, said in zip(cluster.pairs, item.get("pairs", [])):
                said["explanation"] = _explanation(pair, t)
        found.append(item)
    return found


def possible_json(possible, t: Translator) -> list[dict]:
    """The possible duplicates (rows no sure group holds that may repeat one of their customers) for a JSON
    report: each pair's explanation in the report's language, as ``duplicates_json`` gives a cluster's."""
    found = []
    for item in possible:
        said = item.model_dump(mode="json")
        if t.language != "en":
            for pair, shown in zip(item.pairs, said["pairs"]):
                shown["explanation"] = _explanation(pair, t)
        found.append(said)
    return found


def close_json(links, t: Translator) -> list[dict]:
    """Pairs of sure groups that may be one customer for a JSON report: the pair's explanation in the report's
    language, as ``duplicates_json`` gives a cluster's."""
    found = []
    for link in links:
        said = link.model_dump(mode="json")
        if t.language != "en":
            said["pair"]["explanation"] = _explanation(link.pair, t)
        found.append(said)
    return found


def issue_counts(result: CleanResult) -> Counter:
    issues = result.issues
    return Counter(issues.field_issue(i).code for i in range(len(issues)))


def label(code: str, t: Translator | None = None) -> str:
    return problem_label(code, t)


def _role(role: str | None, t: Translator) -> str:
    return t.gettext(ROLE_NAMES[role]) if role in ROLE_NAMES else (role or "").replace("_", " ")


def to_json(result: CleanResult, run: RunInfo) -> Iterator[bytes]:
    """The JSON report in pieces: the run, the quality, counts, duplicates, and every change and issue.

    Written piece by piece so that a million rows of changes never sit in memory as Python dicts.
    """
    head = {
        "input": run.input,
        "file_format": run.file_format,
        "output": run.output,
        "dry_run": run.dry_run,
        "date": run.date,
        "language": translator(run.language).language,
        "rows": len(result.rows),
        "counts": {**result.counts.model_dump(), "by_code": dict(issue_counts(result).most_common())},
        "summary": say_summary(result.counts, dry_run=run.dry_run, t=translator(run.language)),  # as the page says it
        "output_sentence": _output_sentence(run),
        "will_change" if run.dry_run else "changed": [kind.to_json() for kind in _kinds(result)],
        "rows_to_look_at": [{"code": code, "label": label(code, translator(run.language)), "rows_with_it": total,
                             "rows": [number + run.header_row for number in numbers]}
                            for code, total, numbers in worst_rows(result)],
        **result.model_dump(mode="json", include={"header", "roles", "quality", "duplicates", "companies"}),
        **_contact_json(result),
    }
    head["duplicates"] = duplicates_json(result.duplicates, translator(run.language))
    head["possible_duplicates"] = possible_json(result.possible_duplicates, translator(run.language))
    head["close_clusters"] = close_json(result.close_clusters, translator(run.language))
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2].encode("utf-8")
    for name, log in (("changes", result.changes), ("issues", result.issues)):
        yield f',\n "{name}": ['.encode()
        for i, item in enumerate(log.dicts()):
            yield (("\n  " if i == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False)).encode("utf-8")
        yield b"\n ]"
    yield b',\n "status": ' + json.dumps(result.status, ensure_ascii=False).encode("utf-8") + b"\n}\n"


def _contact_json(result: CleanResult) -> dict:
    """The ``suppression`` section (each list: kind, date, valid_until, expired, matches) and who may be
    contacted per channel; nothing when the clean had no list and the register no consent column."""
    contact = result.contact
    if contact is None:
        return {}
    return {"suppression": contact["suppression"],
            "contact": {k: contact[k] for k in ("summary", "sentence", "notices", "consent", "columns")}}


def _contact_html(result: CleanResult, t: Translator) -> list[str]:
    contact = result.contact
    if contact is None:
        return []
    e = _escape
    parts = ["<h2>" + e(t._('Who may be contacted')) + "</h2>", f"<p>{e(contact['sentence'])}</p>"]
    parts += [f"<p><strong>{e(notice)}</strong></p>" for notice in contact["notices"]]
    if contact["suppression"]:
        parts.append("<div class=\"scroll\"><table><tr>" + "".join(f"<th>{e(h)}</th>" for h in (
            t._("List"), t._("Kind"), t._("Date"), t._("Counts until"), t._("Rows matched"))) + "</tr>")
        for lst in contact["suppression"]:
            until = (lst["valid_until"] or t._("always")) + (" " + t._("(expired)") if lst["expired"] else "")
            parts.append(f"<tr><td>{e(lst['name'])}</td><td><code>{e(lst['kind'])}</code></td><td>{e(lst['date'] or '')}"
                         f"</td><td>{e(until)}</td><td class=\"n\">{lst['matches']}</td></tr>")
        parts.append("</table></div>")
    headers = [c["header"] for c in contact["columns"]]
    hint = t._("Filter the columns {columns} in the cleaned file: an empty cell may be contacted on that channel.",
               columns=headers)
    parts.append(f"<p class=\"muted\">{e(hint)}</p>")
    return parts


def _output_sentence(run: RunInfo) -> str:
    """Where the cleaned register is, or (a test wash) where a clean would write it and how to get it."""
    t = translator(run.language)
    if run.dry_run:
        return say("report.would_write", t, path=run.would_write or "FILE.cleaned.csv")
    return say("report.wrote", t, path=run.output or "")


def _kinds(result: CleanResult):
    flagged = {(item["row"], item["column"]) for item in result.issues.dicts() if item["column"] is not None}
    return rewrite_kinds(result.changes.dicts(), flagged)


def worst_rows(result: CleanResult, limit: int = 25) -> list[tuple[str, int, list[int]]]:
    """The rows to look at first, grouped by problem: ``(code, rows that have it, rows shown)`` per group.

    Each row is shown once, under its most serious problem (errors before warnings, then the rarer kind);
    the ``limit`` rows are shared out between the groups in turn, so one common problem cannot fill the
    list. Within a group, rows with more errors come first.
    """
    issues = result.issues
    by_row: dict[int, list] = {}
    for i in range(len(issues)):
        by_row.setdefault(issues.row_of(i), []).append(issues.field_issue(i))
    if not by_row:
        return []
    # how many rows have each kind of problem (a row with two of a kind counts once)
    frequency = Counter(code for found_list in by_row.values() for code in dict.fromkeys(f.code for f in found_list))
    groups = _groups_by_main_problem(by_row, frequency)
    order = _group_order(groups, by_row)
    shown = _shared_out(groups, order, limit)
    return [(code, frequency[code], shown[code]) for code in order if shown[code]]


def _groups_by_main_problem(by_row: dict[int, list], frequency: Counter) -> dict[str, list[int]]:
    """Each row under its most serious problem (an error before a warning, then the rarer kind); within a
    group, rows with more errors, then more problems, first."""
    groups: dict[str, list[int]] = {}
    errors = {}
    for row, found_list in by_row.items():
        errors[row] = sum(1 for f in found_list if f.severity == "error")
        main = min(found_list, key=lambda f: (f.severity != "error", frequency[f.code], f.code))
        groups.setdefault(main.code, []).append(row)
    for rows in groups.values():
        rows.sort(key=lambda row: (-errors[row], -len(by_row[row]), row))
    return groups


def _group_order(groups: dict[str, list[int]], by_row: dict[int, list]) -> list[str]:
    """The groups whose problem is an error somewhere first, then the larger groups, then by code."""
    def only_warnings(code: str) -> bool:
        return min(f.severity != "error" for row in groups[code] for f in by_row[row] if f.code == code)

    return sorted(groups, key=lambda code: (only_warnings(code), -len(groups[code]), code))


def _shared_out(groups: dict[str, list[int]], order: list[str], limit: int) -> dict[str, list[int]]:
    """``limit`` rows taken from the groups in turn, one from each in ``order``, so no group fills the list."""
    shown: dict[str, list[int]] = {code: [] for code in order}
    left, turn = limit, 0
    while left > 0 and any(len(shown[c]) < len(groups[c]) for c in order):
        for code in order:
            if left and turn < len(groups[code]):
                shown[code].append(groups[code][turn])
                left -= 1
        turn += 1
    return shown


def _pct(value: float, t: Translator | None = None) -> str:
    return (t or translator("en")).percent(value)


def _bars(before: float, after: float, t: Translator | None = None) -> str:
    """Two horizontal bars (before grey, after green) as inline SVG."""
    t = t or translator("en")
    w_before, w_after = round(1.6 * before), round(1.6 * after)
    label = html.escape(t._("before {before}, after {after}", before=t.percent(round(before)),
                            after=t.percent(round(after))), quote=True)
    return (
        '<svg width="200" height="26" viewBox="0 0 200 26" role="img" '
        f'aria-label="{label}">'
        f'<rect x="0" y="2" width="{w_before}" height="9" fill="#b9b9b9"/>'
        f'<rect x="0" y="15" width="{w_after}" height="9" fill="#2e8b57"/>'
        f'<text x="{w_before + 4}" y="10" font-size="9">{before:.0f}</text>'
        f'<text x="{w_after + 4}" y="23" font-size="9">{after:.0f}</text></svg>'
    )


_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#222;
padding:0 1rem;line-height:1.45;-webkit-text-size-adjust:100%}
h1{font-size:1.5rem;margin-bottom:.2rem;overflow-wrap:anywhere}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ddd}h3{font-size:1rem;margin:1.2rem 0 .3rem}
.score{font-size:2.6rem;font-weight:600;margin:.3rem 0}.score .arrow{color:#888;padding:0 .6rem}
.score .after{color:#2e8b57}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 0 .5rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{padding:.3rem .5rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}th{background:#f6f6f6}td.n{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}td.v{overflow-wrap:anywhere;min-width:8rem}code{font-size:.85em}
.muted{color:#666;font-size:.9rem}.key{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.key svg{vertical-align:middle;margin-right:.3rem}.tag{font-size:.8rem;color:#555;background:#f1f1f1;
border-radius:.3rem;padding:0 .35rem;white-space:nowrap}.arrow{color:#888}
@media (max-width:600px){body{margin:1rem auto;padding:0 .6rem}.score{font-size:2rem}
table{font-size:.85rem}td,th{padding:.25rem .35rem}
table.stack tr:first-child{display:none}table.stack tr{display:block;border-bottom:1px solid #ddd;padding:.35rem 0}
table.stack td{display:block;border:0;padding:.1rem .2rem;text-align:left;min-width:0}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:#666}}
@media print{body{margin:0;max-width:none;font-size:10pt}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2,h3{break-after:avoid}tr,.key{break-inside:avoid}.scroll{overflow:visible}details{display:block}
details>summary{list-style:none}}
"""

# The legend of the column chart: inline SVG swatches, so it prints (backgrounds are often left out of prints).
def _legend(t: Translator) -> str:
    e = _escape
    return ('<p class="key muted">' + e(t._("Score per column, 0 to 100:")) + ' '
            '<span><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" fill="#b9b9b9"/></svg>'
            '' + e(t._("before")) + '</span><span><svg width="14" height="10" aria-hidden="true"><rect width="14" '
            'height="10" fill="#2e8b57"/></svg>' + e(t._("after the clean")) + '</span></p>')


def _score_line(before: QualityScore, after: QualityScore, t: Translator | None = None) -> str:
    return (f'<p class="score"><span>{_pct(before.score, t)}</span><span class="arrow">→</span>'
            f'<span class="after">{_pct(after.score, t)}</span></p>')


def _table(head: list[str], rows: list[str], *, stack: bool = False) -> str:
    """A table that scrolls sideways on a narrow screen instead of widening the page; ``stack``: on a phone
    each row becomes a block of lines (cells with a ``data-label`` say what they are)."""
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    kind = ' class="stack"' if stack else ""
    return f'<div class="scroll"><table{kind}><tr>{cells}</tr>{"".join(rows)}</table></div>'


_KINDS_SHOWN = 25
_LAYOUTS_SHOWN = 3  # examples in a row that joins several written layouts: one of each, the commonest first


def _by_column(kinds: list) -> list[list]:
    """The kinds of rewrite (one per column and change of layout, commonest first) joined per column and kind of
    change, in the order of each one's commonest: a phone column whose numbers came in three layouts is one row
    "Mobil, layout only", not three rows that read the same (the JSON keeps one kind per layout)."""
    joined: dict[tuple, list] = {}
    for kind in kinds:
        joined.setdefault((kind.column, kind.tidied, kind.filled), []).append(kind)
    return list(joined.values())


def _changes_html(result: CleanResult, run: RunInfo) -> list[str]:
    """Each column's kind of rewrite with its count and its most frequent examples (one per written layout), and
    where the file goes."""
    e = _escape
    t = translator(run.language)
    rows_of = _by_column(_kinds(result))
    title = t._("What the clean will change") if run.dry_run else t._("What the clean changed")
    parts = [f"<h2>{e(title)}</h2>"]
    parts += [f"<p>{e(line)}</p>" for line in change_summary(result.counts, dry_run=run.dry_run, t=t)]
    if rows_of:
        rows = []
        cells_label = e(t._("cells"), quote=True)
        for group in rows_of[:_KINDS_SHOWN]:
            shown = group[0].examples if len(group) == 1 else [k.examples[0] for k in group[:_LAYOUTS_SHOWN]
                                                                if k.examples]
            examples = "<br>".join(f"{e(before)} <span class=\"arrow\">→</span> {e(after)} × {t.number(n)}"
                                   for before, after, n in shown)
            kind = group[0]
            what = e(t._("layout only") if kind.tidied else t._("filled in") if kind.filled else t._("fix"))
            rows.append(f"<tr><td>{e(kind.header)}</td><td><span class=\"tag\">{what}</span></td>"
                        f"<td class=\"n\" data-label=\"{cells_label}\">{t.number(sum(k.count for k in group))}</td>"
                        f"<td class=\"v\">{examples}</td></tr>")
        parts.append(_table([t._("Column"), t._("Kind"), t._("Cells"), t._("Examples")], rows, stack=True))
        if len(rows_of) > _KINDS_SHOWN:
            rest = [kind for group in rows_of[_KINDS_SHOWN:] for kind in group]
            rarer = t.n_("{n} rarer kind of change ({count} cells) is listed in the JSON report.",
                         "{n} rarer kinds of change ({count} cells) are listed in the JSON report.",
                         len(rest), count=sum(kind.count for kind in rest))
            parts.append(f"<p class=\"muted\">{e(rarer)}</p>")
    parts.append(f"<p><strong>{e(_output_sentence(run))}</strong></p>")
    return parts


def _worst_html(result: CleanResult, run: RunInfo, limit: int) -> list[str]:
    e = _escape
    t = translator(run.language)
    groups = worst_rows(result, limit)
    intro = t._("Up to {n} rows, grouped by their most serious problem and shared out between the problems; every "
                "row's problems are in the column “{column}” of the cleaned file. Row numbers are the "
                "spreadsheet's (the header is row {row}).", n=limit, column=run.status_header, row=run.header_row)
    parts = ["<h2>" + e(t._('Rows to look at first')) + f"</h2><p class=\"muted\">{e(intro)}</p>"]
    row_label = e(t._("row"), quote=True)
    for code, total, numbers in groups:
        some = t.n_("{shown} of {n} row", "{shown} of {n} rows", total, shown=len(numbers))
        parts.append(f"<h3>{e(label(code, t))} <span class=\"muted\">({e(some)})</span></h3>")
        rows = []
        for number in numbers:
            values = " · ".join(v for v in result.rows[number - 1][:6] if v)
            rows.append(f"<tr><td class=\"n\" data-label=\"{row_label}\">{number + run.header_row}</td>"
                        f"<td class=\"v\">{e(values)}</td><td class=\"v\">{e(result.status[number - 1])}</td></tr>")
        parts.append(_table([t._("Row"), t._("Values"), t._("What is wrong")], rows, stack=True))
    return parts


def to_html(result: CleanResult, run: RunInfo, *, worst: int = 25) -> bytes:
    """The page a person reads: the score and what it means, what the clean changes (or would), a chart of
    the columns Rensa cleans, problems by kind, the worst rows grouped by problem, duplicates."""
    t = translator(run.language)
    counts = issue_counts(result)
    parts = [*_head_html(result, run, t), *_score_html(result, run, t), *_changes_html(result, run),
             *_columns_html(result.quality, t), *_problems_html(counts, t)]
    if counts:
        parts += _worst_html(result, run, worst)
    parts += _contact_html(result, t)
    parts += _companies_html(result, run)
    parts += _duplicates_html(result, run, t)
    parts.append("</body></html>\n")
    return "".join(parts).encode("utf-8")


def _when(stamp: str, t: Translator) -> str:
    """The run's time (``RunInfo.date``, ``YYYY-MM-DD HH:MM``, as the JSON keeps it) the language's way:
    ``2 dec. 2026 14:05`` (sv), ``2.12.2026 14.05`` (fi); ISO in English."""
    try:
        when = datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M")
    except ValueError:  # a date made some other way is shown as it was made
        return stamp
    return f"{t.date(when.date())} {t.clock(when.time())}"


def _head_html(result: CleanResult, run: RunInfo, t: Translator) -> list[str]:
    """The page's head and title, and one line of facts: when, how big, which format, which language."""
    e = _escape
    facts = [_when(run.date, t), t.n_("{n} row", "{n} rows", len(result.rows)),
             t.n_("{n} column", "{n} columns", len(result.header)), run.file_format]
    if run.dry_run:
        facts.append(t._("test wash, nothing written"))
    # The page states its language (an untranslated message would otherwise pass for a choice).
    facts.append(t._("in English") if t.language == "en" else t._("language: {language}",
                                                                    language=t.locale.get_display_name()))
    title = t._("Rensa report: {file}", file=run.input)
    return [
        f"<!doctype html><html lang=\"{t.language}\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p class=\"muted\">{e(' · '.join(facts))}</p>",
    ]


def _findings(result: CleanResult, run: RunInfo, t: Translator) -> list[str]:
    """The summary's lines after those on the changes (problems, duplicates, test wash), which go under the score;
    a fixed slice would move a line to the wrong section when the changes take one line or three."""
    changes = change_summary(result.counts, dry_run=run.dry_run, t=t)
    return say_summary(result.counts, dry_run=run.dry_run, t=t)[len(changes):]


def _score_html(result: CleanResult, run: RunInfo, t: Translator) -> list[str]:
    """The score before and after, what it means, the duplicate lines of the summary, and how it is counted."""
    e = _escape
    q = result.quality
    return [
        "<h2>" + e(t._('Quality score')) + "</h2>", _score_line(q.before, q.after, t),
        f"<p>{e(say('score.meaning', t))}</p>",
        "".join(f"<p>{e(line)}</p>" for line in _findings(result, run, t)),
        "<details><summary class=\"muted\">" + e(t._('How the score is counted')) + "</summary>"
        f"<p class=\"muted\">{e(q.method)}</p></details>",
    ]


def _columns_html(q: QualityReport, t: Translator) -> list[str]:
    """The chart of the columns Rensa cleans, before and after; the columns it keeps as they are have no
    score and are only named."""
    e = _escape
    charted = [(b, a) for b, a in zip(q.before.columns, q.after.columns) if b.role]
    parts = ["<h2>" + e(t._('Columns')) + "</h2>" + _legend(t)]
    parts.append(_table([t._("Column"), t._("Score before / after"), t._("Holds"), t._("Filled"), t._("Valid"),
                         t._("No problem")], [
        f"<tr><td>{e(before.header)}</td><td>{_bars(before.score, after.score, t)}</td>"
        f"<td>{e(_role(before.role, t))}</td>"
        f"<td class=\"n\">{_pct(after.filled_pct, t)}</td><td class=\"n\">{_pct(after.valid_pct, t)}</td>"
        f"<td class=\"n\">{_pct(before.problem_free_pct, t)} → {_pct(after.problem_free_pct, t)}</td></tr>"
        for before, after in charted]))
    kept = [c.header for c in q.before.columns if not c.role]
    if kept:
        parts.append("<p class=\"muted\">" + e(t._('Kept as they are (not scored): {columns}.', columns=kept)) + "</p>")
    return parts


def _problems_html(counts: Counter, t: Translator) -> list[str]:
    e = _escape
    parts = ["<h2>" + e(t._('Problems by kind')) + "</h2>"]
    if not counts:
        return [*parts, f"<p>{e(say('count.no_problems', t))}</p>"]
    # on a phone each kind is a block of lines: a long label beside a code that cannot break (Finnish
    # "päivämäärät, jotka eivät ole kelvollisia" beside "row.possible_duplicate") made the table scroll sideways
    count = e(t._("cells or rows"), quote=True)
    parts.append(_table([t._("Problem"), t._("Code"), t._("Cells or rows")], [
        f"<tr><td>{e(label(code, t))}</td><td><code>{e(code)}</code></td>"
        f"<td class=\"n\" data-label=\"{count}\">{t.number(n)}</td></tr>"
        for code, n in counts.most_common()], stack=True))
    return parts


def _why(cluster, header_row: int, t: Translator) -> list[str]:
    """Each row's own evidence against the row it repeats (the pair its "Delete" rests on: the row kept, or, for a
    row that shares nothing with it, such as a newsletter sign-up, the row it pairs with most strongly), in sheet
    rows: a cluster's weakest pair may be two rows that only the kept row ties together, and is no reason to delete
    either."""
    lines = []
    for row in cluster.rows:
        if row == cluster.survivor:
            continue
        other, pair = cluster.repeats(row)
        if pair is None:
            continue
        lines += _pair_lines([(row + header_row, pair)], t) if other == cluster.survivor else \
            [t._("row {row} against row {other_row}: {evidence}", row=row + header_row, other_row=other + header_row,
                 evidence=_explanation(pair, t))]
    return lines or [_explanation(cluster, t)]


def _pair_lines(named, t: Translator) -> list[str]:
    """One line per (sheet row, pair evidence): "row 3: same e-mail, same phone: 99 %" in the report's language."""
    return [t._("row {row}: {evidence}", row=row, evidence=_explanation(pair, t)) for row, pair in named]


def _duplicates_html(result: CleanResult, run: RunInfo, t: Translator) -> list[str]:
    """The first 100 groups of duplicate rows: their sheet rows, the row kept and why they are one customer."""
    if not result.duplicates:
        return []
    e = _escape
    rows = []
    for cluster in result.duplicates[:100]:
        shown = [r + run.header_row for r in cluster.rows]
        # a group held back says so as a tag, as the changes table marks its kinds (the problem's label in brackets
        # after the score read as brackets within brackets)
        check = "" if cluster.band == "sure" else f"<br><span class=\"tag\">{e(say('report.check_tag', t))}</span>"
        why = "<br>".join(e(line) for line in _why(cluster, run.header_row, t))
        rows.append(f"<tr><td>{e(', '.join(map(str, shown)))}</td><td class=\"n\">{cluster.survivor + run.header_row}"
                    f"</td><td>{why}{check}</td></tr>")
    # the sure groups and those held back apart, as the summary counts them (count.duplicates and
    # count.possible_duplicates): "4 groups that look like one customer" of 1 sure and 3 held back said otherwise
    sure = sum(cluster.band == "sure" for cluster in result.duplicates)
    held = len(result.duplicates) - sure
    said = [t.n_("{n} group of rows that look like one customer.",
                 "{n} groups of rows that look like one customer.", sure)] if sure else []
    if held:
        said.append(say_count("report.groups_to_check", held, t))
    groups = " ".join(said)
    return ["<h2>" + e(t._('Duplicates')) + f"</h2><p class=\"muted\">{e(groups)}</p>"
            + _table([t._("Rows"), t._("Keep"), t._("Why")], rows)] + _close_html(result, run, t) \
        + _possible_html(result, run, t)


def _close_html(result: CleanResult, run: RunInfo, t: Translator) -> list[str]:
    """The first 100 pairs of groups that may be one customer: each group's rows and the pair that ties them, with
    its own evidence (the note on the row each group keeps), for a person to look at; nothing is merged across."""
    links = result.close_clusters
    if not links:
        return []
    e = _escape
    rows_of = {cluster.cluster_id: cluster.rows for cluster in result.duplicates}
    rows = []
    for link in links[:100]:
        first, second = ([r + run.header_row for r in rows_of.get(number, [])] for number in link.clusters)
        pair = [r + run.header_row for r in link.rows]
        why = t._("row {row} against row {other_row}: {evidence}", row=pair[0], other_row=pair[1],
                  evidence=_explanation(link.pair, t))
        rows.append(f"<tr><td>{e(', '.join(map(str, first)))}</td><td>{e(', '.join(map(str, second)))}</td>"
                    f"<td>{e(why)}</td></tr>")
    groups = len({number for link in links for number in link.clusters})
    intro = say_count("count.close_groups", groups, t)
    title = t._("Groups that may be one customer")
    return [f"<h3>{e(title)}</h3><p class=\"muted\">{e(intro)}</p>"
            + _table([t._("Rows"), t._("May be the same as rows"), t._("Why")], rows)]


def _possible_html(result: CleanResult, run: RunInfo, t: Translator) -> list[str]:
    """The first 100 rows no group holds that may repeat a group's customer: the row, the rows it may repeat and
    each pair's own evidence (the status note's), for a person to look at."""
    if not result.possible_duplicates:
        return []
    e = _escape
    rows = []
    for found in result.possible_duplicates[:100]:
        named = [row + run.header_row for row in found.rows]
        why = "<br>".join(e(line) for line in _pair_lines(zip(named, found.pairs), t))
        rows.append(f"<tr><td class=\"n\">{found.row + run.header_row}</td><td>{e(t.join([str(r) for r in named], 'or'))}"
                    f"</td><td>{why}</td></tr>")
    intro = say_count("count.possible_duplicates", len(result.possible_duplicates), t)
    title = t._("Possible duplicates")
    return [f"<h3>{e(title)}</h3><p class=\"muted\">{e(intro)}</p>"
            + _table([t._("Row"), t._("May repeat row"), t._("Why")], rows)]


def _companies_html(result: CleanResult, run: RunInfo) -> list[str]:
    """What the company registries said: the summary sentence and the companies that are gone or going."""
    found = result.companies
    if found is None:
        return []
    e = _escape
    t = translator(run.language)
    parts = ["<h2>" + e(t._('Companies')) + "</h2>"]
    parts += [f"<p>{e(found.sentence)}</p>"] if found.sentence else []
    parts += [f"<p class=\"muted\">{e(note)}</p>" for note in found.notes]
    if found.listed:
        parts.append("<div class=\"scroll\"><table><tr>" + "".join(f"<th>{e(h)}</th>" for h in (
            t._("Rows"), t._("Company"), t._("Org number"), t._("What the register says"))) + "</tr>")
        for gone in found.listed:
            rows = ", ".join(str(r + run.header_row) for r in gone.rows)
            parts.append(f"<tr><td>{e(rows)}</td><td>{e(gone.name)}</td><td>{e(gone.org_id)}</td>"
                         f"<td>{e(gone.sentence)}</td></tr>")
        parts.append("</table></div>")
    return parts


def summary(result: CleanResult, run: RunInfo, reports: list[str], *, top: int = 8) -> str:
    """The few lines the terminal shows after a clean: the file and its columns, the score, the summary
    sentences, the commonest problems, what the lists and registries said, and where everything went."""
    q = result.quality
    t = translator(run.language)
    lines = [
        t._("Rensa: {file}: {rows}, {columns} ({format})", file=run.input,
            rows=t.n_("{n} row", "{n} rows", len(result.rows)),
            columns=t.n_("{n} column", "{n} columns", len(result.header)), format=run.file_format),
        "  " + t._("Columns: {columns}", columns=_columns_line(result, t)),
        "  " + t._("Quality score: {before} → {after}", before=_pct(q.before.score, t), after=_pct(q.after.score, t)),
    ]
    lines += [f"  {line}" for line in say_summary(result.counts, dry_run=run.dry_run, t=t)]
    lines += _problem_lines(issue_counts(result), top, t)
    if result.contact is not None:
        lines.append(f"  {result.contact['sentence']}")
        lines += [f"  {notice}" for notice in result.contact["notices"]]
    if result.companies is not None:
        lines += ["  " + t._("Companies: {text}", text=text)
                  for text in [result.companies.sentence, *result.companies.notes] if text]
    if run.dry_run:
        lines.append(f"  {_output_sentence(run)}")
    else:
        # the column first: the file may carry brackets of its own ("(backup: ...)", "(merged-away rows: ...)")
        lines.append("  " + t._("Cleaned file (problems in column “{column}”): {file}", file=run.output,
                                column=run.status_header))
    lines += ["  " + t._("Report: {file}", file=path) for path in reports]
    return "\n".join(lines)


def _columns_line(result: CleanResult, t: Translator) -> str:
    """The columns Rensa cleans, each with what it holds, and the columns it keeps as they are."""
    touched = [f"{h} ({_role(r, t)})" for h, r in zip(result.header, result.roles) if r]
    kept = [h for h, r in zip(result.header, result.roles) if not r]
    columns = ", ".join(touched) or t._("none recognised")
    if kept:
        columns = t._("{columns}; kept as they are: {kept}", columns=columns, kept=", ".join(kept))
    return columns


def _problem_lines(counts: Counter, top: int, t: Translator) -> list[str]:
    """The ``top`` commonest problems with their counts, and the others in one line. A count is a tally ("1 ×
    <kind>", as the sidebar writes it): the labels are plural names of a kind, and a count in front of one ("1
    rader som gjentar ...") read as a sentence that got its number wrong."""
    lines = [f"  {t.number(n):>6} × {label(code, t)}" for code, n in counts.most_common(top)]
    if len(counts) > top:
        lines.append(f"  {t.number(sum(n for _, n in counts.most_common()[top:])):>6} × " + t._('other problems'))
    return lines
