/**
 * Util.gs: pure helpers with no Apps Script globals (chunking, diffing, A1 notation, conflict
 * detection, summaries for the sidebar). Everything here is unit-tested under Node.
 */

/** Cell backgrounds for flagged cells, by issue severity. */
const FLAG_COLORS = { error: '#f4c7c3', warning: '#fce8b2' };

/**
 * A sentence from the backend's templates (GET /v1/vocabulary `sentences`) with its {fields} filled in:
 * the add-on writes no sentence of its own (core/status.py has them all).
 * @param {Object<string, string>} sentences templates by key
 * @param {string} key
 * @param {Object=} fields
 * @return {string}
 */
function say(sentences, key, fields) {
  const template = sentences[key];
  if (template === undefined) {
    throw new Error(`No sentence ${key} in the vocabulary`);
  }
  return template.replace(/\{(\w+)\}/g, (whole, name) => (fields && name in fields ? String(fields[name]) : whole));
}

/**
 * `key.one` or `key.many` by n.
 * @param {Object<string, string>} sentences
 * @param {string} key
 * @param {number} n
 * @param {Object=} fields
 * @return {string}
 */
function sayCount(sentences, key, n, fields) {
  return say(sentences, `${key}.${n === 1 ? 'one' : 'many'}`, Object.assign({ n: n }, fields || {}));
}

/**
 * Column letter(s) for a 1-based column number (1 -> A, 27 -> AA).
 * @param {number} column 1-based column number
 * @return {string}
 */
function columnLetter(column) {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * A1 notation for a 1-based sheet row and column, or a rectangle when height/width are given.
 * @param {number} row
 * @param {number} column
 * @param {number=} height
 * @param {number=} width
 * @return {string}
 */
function toA1(row, column, height, width) {
  const start = columnLetter(column) + row;
  if (!height || !width || (height === 1 && width === 1)) {
    return start;
  }
  return `${start}:${columnLetter(column + width - 1)}${row + height - 1}`;
}

/**
 * Splits rows 1..total into chunks of at most size rows.
 * @param {number} total number of data rows
 * @param {number} size rows per chunk
 * @return {Array<{index: number, first: number, count: number}>} first is the 1-based data row
 */
function planChunks(total, size) {
  if (!(size > 0)) {
    throw new Error('Chunk size must be positive.');
  }
  const chunks = [];
  for (let first = 1, index = 0; first <= total; first += size, index += 1) {
    chunks.push({ index: index, first: first, count: Math.min(size, total - first + 1) });
  }
  return chunks;
}

/**
 * The idempotency key of one chunk of one clean job: the same chunk always gets the same key,
 * so a resumed clean never pays twice for it.
 * @param {string} jobId
 * @param {number} chunkIndex
 * @return {string}
 */
function chunkKey(jobId, chunkIndex) {
  return `${jobId}:${chunkIndex}`;
}

/**
 * Values as the backend wants them: a rectangle of strings, padded or cut to width.
 * @param {Array<Array<*>>} rows
 * @param {number} width
 * @return {Array<Array<string>>}
 */
function toStringRows(rows, width) {
  return rows.map((row) => {
    const out = [];
    for (let c = 0; c < width; c += 1) {
      const v = c < row.length ? row[c] : '';
      out.push(v === null || v === undefined ? '' : String(v));
    }
    return out;
  });
}

/**
 * Where the data ends: the status column (if the sheet has one from an earlier clean) is not data.
 * @param {Array<string>} headerRow the sheet's first row as display values
 * @param {string} statusHeader the status column's header (the backend's vocabulary)
 * @return {{width: number, statusColumn: number}} width = number of data columns,
 *     statusColumn = 1-based column for the status (existing or the next free one)
 */
function locateColumns(headerRow, statusHeader) {
  const cells = headerRow.map((h) => String(h).trim());
  const existing = cells.indexOf(statusHeader);
  if (existing >= 0) {
    return { width: existing, statusColumn: existing + 1 };
  }
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') {
    width -= 1;
  }
  return { width: width, statusColumn: width + 1 };
}

/**
 * The 1-based row of the column names among the top rows of a sheet: the first row that is at least
 * half as full as the fullest of them, so a title line ("Kunder 2024") above the header is skipped.
 * @param {Array<Array<string>>} rows the top rows as display values
 * @return {number} 1 when all rows are empty
 */
function findHeaderRow(rows) {
  const filled = rows.map((row) => row.filter((cell) => String(cell).trim() !== '').length);
  const widest = Math.max(0, ...filled);
  if (widest === 0) {
    return 1;
  }
  return filled.findIndex((n) => n * 2 >= widest) + 1;
}

/**
 * Checks a header row the person typed in: a whole number from 1 to the sheet's last row.
 * @param {*} value
 * @param {number} lastRow the sheet's last row with content
 * @return {number|null} the row, or null when it is not one
 */
function parseHeaderRow(value, lastRow) {
  const text = String(value).trim();
  if (!/^\d{1,4}$/.test(text)) {
    return null;
  }
  const row = Number(text);
  return row >= 1 && row <= Math.max(1, lastRow) ? row : null;
}

/**
 * Per-row texts and merge fills from a dry run over the whole register, so that chunked cleaning can
 * still mark duplicates that sit in different chunks. The texts are the backend's own row notes.
 * @param {{notes: Object<string, string>, duplicates: Array<Object>}} dry the dry run's CleanResult
 * @param {{merge: boolean}} options
 * @return {{status: Object<string, string>, fills: Object<string, Array<Array<*>>>}}
 */
function buildDuplicatePlan(dry, options) {
  /** @type {Object<string, string>} */
  const status = Object.assign({}, dry?.notes || {});
  /** @type {Object<string, Array<Array<*>>>} */
  const fills = {};
  (dry?.duplicates || []).forEach((cluster) => {
    if (options.merge && cluster.band === 'sure' && cluster.merge?.fills) {
      // A free dry run names the fills but not their values (it shows the quality, not the work); only
      // fills that carry a value (from a charged answer) can be written.
      cluster.merge.fills
        .filter((fill) => typeof fill.value === 'string')
        .forEach((fill) => {
          const key = String(fill.row);
          fills[key] = (fills[key] || []).concat([[fill.column, fill.value, fill.source_row]]);
        });
    }
  });
  return { status: status, fills: fills };
}

/**
 * Decides, cell by cell, what one chunk writes back. A cell is written only when the cleaned value
 * differs from what was read at the start; it is skipped (a conflict) when the sheet now holds
 * something else than both the start value and the cleaned value, i.e. someone edited it.
 * Formula cells are never overwritten.
 * @param {Object} input
 * @param {Array<Array<string>>} input.original values read when the clean started (the backup)
 * @param {Array<Array<string>>} input.live values in the sheet now
 * @param {Array<Array<string>>} input.formulas formulas in the sheet now ('' when none)
 * @param {Array<Array<string>>} input.cleaned the backend's cleaned rows
 * @param {Array<Object>} input.issues the backend's issues (rows 1-based within the chunk)
 * @param {Array<string>} input.status the backend's per-row status
 * @param {number} input.firstRow 1-based data row of the chunk's first row
 * @param {number} input.headerRow sheet row of the header (cells named in the status are sheet cells)
 * @param {{status: Object, fills: Object}=} input.duplicates plan from buildDuplicatePlan
 * @param {{sentences: Object<string, string>}} input.vocabulary the backend's vocabulary
 * @return {{writes: Array<{r: number, c: number, value: string}>,
 *     conflicts: Array<{r: number, c: number}>, formulas: Array<{r: number, c: number}>,
 *     flags: Array<{r: number, c: number, severity: string, note: string}>,
 *     status: Array<string>}} r, c are 0-based offsets inside the chunk
 */
function planChunkWrites(input) {
  const writes = [];
  const conflicts = [];
  const formulas = [];
  const dup = input.duplicates || { status: {}, fills: {} };
  const target = input.cleaned.map((row) => row.slice());
  target.forEach((row, r) => {
    (dup.fills[String(input.firstRow + r)] || []).forEach((fill) => {
      if (row[fill[0]] === '') {
        row[fill[0]] = String(fill[1]);
      }
    });
  });
  const conflictRows = {};
  target.forEach((row, r) => {
    row.forEach((after, c) => {
      const before = input.original[r][c];
      if (after === before) {
        return;
      }
      const now = input.live[r] ? input.live[r][c] : undefined;
      if (input.formulas[r]?.[c]) {
        formulas.push({ r: r, c: c });
      } else if (now === after) {
        // Already written by an earlier, interrupted run of this chunk.
      } else if (now !== before) {
        conflicts.push({ r: r, c: c });
        conflictRows[r] = (conflictRows[r] || []).concat([c]);
      } else {
        writes.push({ r: r, c: c, value: after });
      }
    });
  });
  const flags = (input.issues || [])
    .filter((issue) => issue.column !== null && issue.column !== undefined)
    .map((issue) => ({
      r: issue.row - 1,
      c: issue.column,
      severity: issue.severity === 'error' ? 'error' : 'warning',
      note: issue.suggestion
        ? say(input.vocabulary.sentences, 'note.suggestion', {
            note: say(input.vocabulary.sentences, 'note.cell', { message: issue.message }),
            suggestion: issue.suggestion,
          })
        : say(input.vocabulary.sentences, 'note.cell', { message: issue.message }),
    }));
  // Row notes first, then the row's own status (core.status.join_status), then edits kept.
  const status = target.map((_, r) => {
    const parts = [dup.status[String(input.firstRow + r)], (input.status || [])[r]];
    if (conflictRows[r]) {
      const sheetRow = input.headerRow + input.firstRow + r;
      const cells = conflictRows[r].map((c) => toA1(sheetRow, c + 1)).join(', ');
      parts.push(say(input.vocabulary.sentences, 'row.kept_edit', { cells: cells }));
    }
    return parts.filter((part) => part).join(' ');
  });
  return { writes: writes, conflicts: conflicts, formulas: formulas, flags: flags, status: status };
}

/**
 * Groups single-cell writes into vertical runs of neighbouring rows in one column, so each run is one
 * setValues call.
 * @param {Array<{r: number, c: number, value: string}>} writes
 * @return {Array<{r: number, c: number, values: Array<Array<string>>}>}
 */
function groupRuns(writes) {
  const sorted = writes.slice().sort((a, b) => a.c - b.c || a.r - b.r);
  const runs = [];
  sorted.forEach((w) => {
    const last = runs[runs.length - 1];
    if (last && last.c === w.c && last.r + last.values.length === w.r) {
      last.values.push([w.value]);
    } else {
      runs.push({ r: w.r, c: w.c, values: [[w.value]] });
    }
  });
  return runs;
}

/**
 * New backgrounds and notes for a chunk: flagged cells get a colour and a note; cells that carry an
 * old Rensa note but are no longer flagged get both cleared. The user's own notes and colours stay.
 * @param {Array<Array<string>>} backgrounds current backgrounds of the chunk block
 * @param {Array<Array<string>>} notes current notes of the chunk block
 * @param {Array<{r: number, c: number, severity: string, note: string}>} flags
 * @param {string} notePrefix how Rensa's notes start (the backend's vocabulary `note_prefix`)
 * @param {Object<string, boolean>=} refresh rows (offsets) whose old Rensa notes go; default all. Rows a
 *     clean skipped (unchanged since the last clean) keep theirs.
 * @return {{backgrounds: Array<Array<string>>, notes: Array<Array<string>>, changed: boolean}}
 */
function applyFlags(backgrounds, notes, flags, notePrefix, refresh) {
  const bg = backgrounds.map((row) => row.slice());
  const nt = notes.map((row) => row.slice());
  let changed = false;
  nt.forEach((row, r) => {
    if (refresh && !refresh[r]) {
      return;
    }
    row.forEach((note, c) => {
      if (String(note).indexOf(notePrefix) === 0) {
        nt[r][c] = '';
        bg[r][c] = '#ffffff';
        changed = true;
      }
    });
  });
  const errors = {};
  flags.forEach((flag) => {
    if (!nt[flag.r] || nt[flag.r][flag.c] === undefined) {
      return;
    }
    const key = `${flag.r}:${flag.c}`;
    const old = nt[flag.r][flag.c];
    nt[flag.r][flag.c] = old ? `${old}\n${flag.note}` : flag.note;
    // An error outranks a warning on the same cell, whatever order they come in.
    if (!errors[key]) {
      bg[flag.r][flag.c] = FLAG_COLORS[flag.severity];
    }
    errors[key] = errors[key] || flag.severity === 'error';
    changed = true;
  });
  return { backgrounds: bg, notes: nt, changed: changed };
}

/**
 * What the sidebar shows after a test wash: scores, per-column before/after, problem counts and the
 * backend's own count sentences (`summary`), so the sidebar says what the CLI and the report say.
 * @param {Object} result CleanResult from the backend (with `summary`)
 * @param {{rowsRead: number, rowsSent: number}} sample
 * @param {{sentences: Object<string, string>, score_meaning: string}} vocabulary the backend's vocabulary
 * @return {Object}
 */
function summarizeWash(result, sample, vocabulary) {
  const before = result.quality.before;
  const after = result.quality.after;
  const afterByColumn = {};
  after.columns.forEach((col) => {
    afterByColumn[col.column] = col;
  });
  const byCode = {};
  result.issues.forEach((issue) => {
    const entry = byCode[issue.code] || {
      code: issue.code,
      count: 0,
      label: vocabulary.sentences[`problem.${issue.code}`] || issue.message,
    };
    entry.count += 1;
    byCode[issue.code] = entry;
  });
  const problems = Object.keys(byCode)
    .map((code) => byCode[code])
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  const lines =
    sample.rowsSent < sample.rowsRead
      ? [say(vocabulary.sentences, 'wash.sample', { sent: sample.rowsSent, read: sample.rowsRead })]
      : [];
  return {
    rowsRead: sample.rowsRead,
    rowsSent: sample.rowsSent,
    scoreBefore: before.score,
    scoreAfter: after.score,
    counts: result.counts,
    lines: lines.concat(result.summary || []),
    problems: problems.slice(0, 8),
    // Columns Rensa leaves alone (no role) are not part of the score and not in the chart.
    columns: before.columns
      .filter((col) => col.role)
      .map((col) => ({
        column: col.column,
        header: col.header,
        role: col.role,
        before: col.score,
        after: afterByColumn[col.column] ? afterByColumn[col.column].score : col.score,
      })),
    meaning: result.quality.meaning || vocabulary.score_meaning,
    method: result.quality.method,
  };
}

/**
 * The first few conflict cells in A1 notation, for the report (sheet rows, not data rows).
 * @param {Array<{r: number, c: number}>} conflicts offsets inside the chunk
 * @param {number} firstSheetRow sheet row of the chunk's first row
 * @param {number} limit
 * @return {Array<string>}
 */
function conflictCells(conflicts, firstSheetRow, limit) {
  return conflicts.slice(0, limit).map((cell) => toA1(firstSheetRow + cell.r, cell.c + 1));
}
