"""Reports of a clean: JSON for programs, a self-contained HTML page for people, a short terminal summary.

The HTML page has no scripts, fonts or links to fetch: the charts are inline SVG, the styles inline CSS,
and every value that came from the register is escaped.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from core.models import CleanResult, QualityScore
from core.status import problem_label, say
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


def issue_counts(result: CleanResult) -> Counter:
    issues = result.issues
    return Counter(issues.field_issue(i).code for i in range(len(issues)))


def label(code: str) -> str:
    return problem_label(code)


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
        "rows": len(result.rows),
        "counts": {
            "changes": len(result.changes),
            "issues": len(result.issues),
            "rows_with_problems": sum(1 for s in result.status if s),
            "issues_by_code": dict(issue_counts(result).most_common()),
        },
        **result.model_dump(mode="json", include={"header", "roles", "quality", "duplicates", "companies"}),
        **_contact_json(result),
    }
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


def _contact_html(result: CleanResult) -> list[str]:
    contact = result.contact
    if contact is None:
        return []
    e = html.escape
    parts = ["<h2>Who may be contacted</h2>", f"<p>{e(contact['sentence'])}</p>"]
    parts += [f"<p><strong>{e(notice)}</strong></p>" for notice in contact["notices"]]
    if contact["suppression"]:
        parts.append("<table><tr><th>List</th><th>Kind</th><th>Date</th><th>Counts until</th><th>Rows matched</th></tr>")
        for lst in contact["suppression"]:
            until = (lst["valid_until"] or "always") + (" (expired)" if lst["expired"] else "")
            parts.append(f"<tr><td>{e(lst['name'])}</td><td><code>{e(lst['kind'])}</code></td><td>{e(lst['date'] or '')}"
                         f"</td><td>{e(until)}</td><td class=\"n\">{lst['matches']}</td></tr>")
        parts.append("</table>")
    headers = ", ".join(f"“{c['header']}”" for c in contact["columns"])
    parts.append(f"<p class=\"muted\">Filter the columns {e(headers)} in the cleaned file: an empty cell may be contacted "
                 "on that channel.</p>")
    return parts


def _pct(value: float) -> str:
    return f"{value:.0f} %" if value == int(value) else f"{value:.1f} %"


def _bars(before: float, after: float) -> str:
    """Two horizontal bars (before grey, after green) as inline SVG."""
    w_before, w_after = round(1.6 * before), round(1.6 * after)
    return (
        '<svg width="200" height="26" viewBox="0 0 200 26" role="img" '
        f'aria-label="before {before:.0f} %, after {after:.0f} %">'
        f'<rect x="0" y="2" width="{w_before}" height="9" fill="#b9b9b9"/>'
        f'<rect x="0" y="15" width="{w_after}" height="9" fill="#2e8b57"/>'
        f'<text x="{w_before + 4}" y="10" font-size="9">{before:.0f}</text>'
        f'<text x="{w_after + 4}" y="23" font-size="9">{after:.0f}</text></svg>'
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#222;
padding:0 1rem;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.score{font-size:2.6rem;font-weight:600}.score .arrow{color:#888;padding:0 .6rem}.score .after{color:#2e8b57}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{padding:.3rem .5rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}th{background:#f6f6f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#666;font-size:.9rem}.key span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem}
"""


def _score_line(before: QualityScore, after: QualityScore) -> str:
    return (f'<p class="score"><span>{_pct(before.score)}</span><span class="arrow">→</span>'
            f'<span class="after">{_pct(after.score)}</span></p>')


def to_html(result: CleanResult, run: RunInfo, *, worst: int = 25) -> bytes:
    """The page a person reads: score before and after, a chart per column, problems by kind, the worst rows."""
    e = html.escape
    q = result.quality
    counts = issue_counts(result)
    parts = [
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>Rensa report: {e(run.input)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Rensa report: {e(run.input)}</h1>",
        f"<p class=\"muted\">{e(run.date)} · {len(result.rows)} rows · {len(result.header)} columns · "
        f"{e(run.file_format)}" + (" · test wash only, nothing written" if run.dry_run else
                                    f" · cleaned file: {e(run.output or '')}") + "</p>",
        "<h2>Quality score</h2>", _score_line(q.before, q.after),
        f"<p class=\"muted\">{e(q.method)}</p>",
        "".join(f"<p>{e(line)}</p>" for line in say_summary(result.counts, dry_run=run.dry_run)),
        "<h2>Columns</h2><p class=\"key muted\">score per column:<span style=\"background:#b9b9b9\"></span>before"
        "<span style=\"background:#2e8b57\"></span>after</p>",
        "<table><tr><th>Column</th><th>Holds</th><th>Filled</th><th>Valid</th><th>No problem</th>"
        "<th>Score before / after</th></tr>",
    ]
    for before, after in zip(q.before.columns, q.after.columns):
        parts.append(
            f"<tr><td>{e(before.header)}</td><td>{e((before.role or 'not touched').replace('_', ' '))}</td>"
            f"<td class=\"n\">{_pct(after.filled_pct)}</td><td class=\"n\">{_pct(after.valid_pct)}</td>"
            f"<td class=\"n\">{_pct(before.problem_free_pct)} → {_pct(after.problem_free_pct)}</td>"
            f"<td>{_bars(before.score, after.score)}</td></tr>"
        )
    parts.append("</table><h2>Problems by kind</h2>")
    if counts:
        parts.append("<table><tr><th>Problem</th><th>Code</th><th>Cells or rows</th></tr>")
        parts += [f"<tr><td>{e(label(code))}</td><td><code>{e(code)}</code></td><td class=\"n\">{n}</td></tr>"
                  for code, n in counts.most_common()]
        parts.append("</table>")
    else:
        parts.append(f"<p>{e(say('count.no_problems'))}</p>")
    errors = Counter(result.issues.row_of(i) for i in range(len(result.issues))
                     if result.issues.field_issue(i).severity == "error")
    ranked = sorted((number for number, s in enumerate(result.status, start=1) if s),
                    key=lambda number: (-errors.get(number, 0), -len(result.status[number - 1]), number))[:worst]
    parts.append(f"<h2>Rows to look at first</h2><p class=\"muted\">The {len(ranked)} rows with the most "
                 f"problems; the full list is in the column “{e(run.status_header)}” of the cleaned file. "
                 f"Row numbers are the spreadsheet's (the header is row {run.header_row}).</p>")
    if ranked:
        parts.append("<table><tr><th>Row</th><th>Values</th><th>What is wrong</th></tr>")
        for number in ranked:
            values = " · ".join(v for v in result.rows[number - 1][:6] if v)
            parts.append(f"<tr><td class=\"n\">{number + run.header_row}</td><td>{e(values)}</td>"
                         f"<td>{e(result.status[number - 1])}</td></tr>")
        parts.append("</table>")
    parts += _contact_html(result)
    parts += _companies_html(result, run)
    if result.duplicates:
        parts.append(f"<h2>Duplicates</h2><p class=\"muted\">{len(result.duplicates)} groups of rows that look "
                     "like one customer.</p><table><tr><th>Rows</th><th>Keep</th><th>Why</th></tr>")
        for cluster in result.duplicates[:100]:
            shown = [r + run.header_row for r in cluster.rows]
            parts.append(f"<tr><td>{e(', '.join(map(str, shown)))}</td>"
                         f"<td class=\"n\">{cluster.survivor + run.header_row}</td>"
                         f"<td>{e(cluster.explanation)}{'' if cluster.band == 'sure' else ' (' + e(label('row.possible_duplicate')) + ')'}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts).encode("utf-8")


def _companies_html(result: CleanResult, run: RunInfo) -> list[str]:
    """What the company registries said: the summary sentence and the companies that are gone or going."""
    found = result.companies
    if found is None:
        return []
    e = html.escape
    parts = ["<h2>Companies</h2>"]
    parts += [f"<p>{e(found.sentence)}</p>"] if found.sentence else []
    parts += [f"<p class=\"muted\">{e(note)}</p>" for note in found.notes]
    if found.listed:
        parts.append("<div class=\"scroll\"><table><tr><th>Rows</th><th>Company</th><th>Org number</th>"
                     "<th>What the register says</th></tr>")
        for gone in found.listed:
            rows = ", ".join(str(r + run.header_row) for r in gone.rows)
            parts.append(f"<tr><td>{e(rows)}</td><td>{e(gone.name)}</td><td>{e(gone.org_id)}</td>"
                         f"<td>{e(gone.sentence)}</td></tr>")
        parts.append("</table></div>")
    return parts


def summary(result: CleanResult, run: RunInfo, reports: list[str], *, top: int = 8) -> str:
    """The few lines the terminal shows after a clean."""
    q = result.quality
    touched = [f"{h} ({r.replace('_', ' ')})" for h, r in zip(result.header, result.roles) if r]
    kept = [h for h, r in zip(result.header, result.roles) if not r]
    lines = [
        f"Rensa: {run.input}: {len(result.rows)} rows, {len(result.header)} columns ({run.file_format})",
        f"  Columns: {', '.join(touched) or 'none recognised'}" + (f"; kept as they are: {', '.join(kept)}" if kept else ""),
        f"  Quality score: {_pct(q.before.score)} → {_pct(q.after.score)}",
    ]
    lines += [f"  {line}" for line in say_summary(result.counts, dry_run=run.dry_run)]
    counts = issue_counts(result)
    for code, n in counts.most_common(top):
        lines.append(f"  {n:>6}  {label(code)}")
    if len(counts) > top:
        lines.append(f"  {sum(n for _, n in counts.most_common()[top:]):>6}  other problems")
    if result.contact is not None:
        lines.append(f"  {result.contact['sentence']}")
        lines += [f"  {notice}" for notice in result.contact["notices"]]
    if result.companies is not None:
        lines += [f"  Companies: {text}" for text in [result.companies.sentence, *result.companies.notes] if text]
    if not run.dry_run:
        lines.append(f"  Cleaned file: {run.output} (problems in column “{run.status_header}”)")
    lines += [f"  Report: {path}" for path in reports]
    return "\n".join(lines)
