/**
 * Clean.gs: the sidebar's clean flow (issue 12). A price before the work, one charge per row, one job with
 * one set of roles, the duplicate pass once, chunks that do the cleaning, an undo that gives the original
 * back, for any sheet Google allows (10 million cells).
 *
 *   quoteClean -> startClean -> cleanNextChunk (the duplicate pass, then chunk by chunk) -> done
 *
 * - Price: rows whose "Rensa check" fingerprint (Fingerprint.gs) still matches are unchanged since Rensa
 *   cleaned them: they are not sent and not paid again. The backend prices the rest (POST /v1/jobs/quote) and
 *   reserves them all when the job starts (POST /v1/jobs: 402 and nothing starts when the balance does not
 *   cover them); chunks are paid from that reservation, the unused rest is released at the end or on cancel.
 * - Roles are detected once at the start (first rows, free) with the user's overrides on top, and stored in
 *   the job: every chunk sends the same roles for every column.
 * - Duplicates: one POST /v1/duplicates per job with only the match columns of all rows, gzip-compressed;
 *   the per-row texts and merge fills go to a hidden job tab ("Rensa job: <tab>" in the user's language;
 *   DocumentProperties' 500 kB would not hold them for a large register) that the chunks read their slice of.
 * - Each clean writes its own hidden backup tab first and keeps it until the user discards it.
 * - Every step runs under the document lock and stores the job in DocumentProperties before it returns, so
 *   a closed sidebar or an execution stopped at 6 minutes resumes where it was; a chunk re-run sends the
 *   identical body (read from the backup) with the same idempotency key and is not charged again.
 */

/**
 * Rows per chunk: one HTTP call and one batch of writes each. Writes are one setValues per run of changed
 * cells in a column, so a register where every other cell changes needs about 0.8 calls per row
 * (docs/addon.md): 1,000 rows keep a chunk near 800 calls, well inside the 6-minute limit.
 */
const DEFAULT_CHUNK_ROWS = 1000;

/** Rows read per call when the whole sheet is scanned (price, undo check). */
const SCAN_ROWS = 20000;

/** Google's limit for one spreadsheet (all tabs together). */
const SPREADSHEET_MAX_CELLS = 10000000;

/** Roles the duplicate pass matches on; other columns are not read for it. */
const MATCH_ROLES = [
  'email',
  'phone',
  'full_name',
  'given_name',
  'family_name',
  'company',
  'street',
  'postal_code',
  'city',
  'personal_id',
  'org_id',
  'birth_date',
];

const KEY_JOB = 'rensa.job';
const KEY_BACKUPS = 'rensa.backups';
const KEY_LAST = 'rensa.last';
const KEY_FINGERPRINT = 'rensa.fingerprint.key';

// ---- for the sidebar ----------------------------------------------------------------------------

/**
 * The price before the work: rows to clean (changed since the last clean, not blank), rows unchanged (free),
 * and the backend's price of the rest. Holds nothing.
 * @return {Object}
 */
function quoteClean() {
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const shape = requireData(readShape(sheet, headerRowOf(sheet, settings).row));
  const scan = scanSheet(sheet, shape, settingsDigest(settings));
  const quote = apiQuote({ rows: scan.dirty.length, rows_unchanged: scan.unchanged });
  const limit = firstRowsLimit(scan.dirty, quote.rows_coverable);
  return {
    sheetName: sheet.getName(),
    headerRow: shape.headerRow,
    rows: shape.rows,
    toClean: scan.dirty.length,
    unchanged: scan.unchanged,
    blank: scan.blank,
    quote: quote,
    firstRows: limit ? { dirty: limit.dirty, lastRow: limit.lastRow + shape.headerRow } : null,
  };
}

/**
 * Starts a clean of the active tab: reserves its rows (402 and nothing happens when they are not covered),
 * fixes the column roles, writes the backup tab and stores the job. With {limitRows: N} only the rows up to
 * the N-th row to clean are in the job (the "clean the first N rows" choice).
 * @param {{limitRows?: number}=} choice
 * @return {Object} job progress, or {nothing: true, message} when no row changed since the last clean
 */
function startClean(choice) {
  return withDocumentLock(() => startCleanLocked(choice || {}));
}

/**
 * Runs the next step of the stored job: the duplicate pass once, then one chunk per call.
 * @return {Object} job progress (done: true after the last chunk)
 */
function cleanNextChunk() {
  return withDocumentLock(() => {
    const job = loadJson(KEY_JOB);
    if (!job || job.done) {
      throw rensaError(ERROR_CODES.NO_JOB, t_('There is no clean to continue; start a new clean.'));
    }
    try {
      return jobStep(job);
    } catch (e) {
      // Sticky: the sidebar shows it next to the progress, also after it was closed and opened again.
      const now = loadJson(KEY_JOB);
      if (now && now.id === job.id) {
        now.error = e.rensa
          ? { code: e.rensa.code, message: e.rensa.message }
          : googleProblem(userLanguage(), e.message) || { code: 'addon.unknown', message: String(e.message || e) };
        saveJson(KEY_JOB, now);
      }
      throw e;
    }
  });
}

/**
 * Ends an unfinished job: the backend releases the rows it reserved but did not use. What was written stays;
 * the backup stays, so Undo still gives the original back.
 * @return {Object} {rowsDone, released, cost}
 */
function cancelClean() {
  return withDocumentLock(() => {
    const job = loadJson(KEY_JOB);
    if (!job || job.done) {
      throw rensaError(ERROR_CODES.NO_JOB, t_('There is no clean to cancel.'));
    }
    const ended = job.serverJobId ? apiFinishJob(job.serverJobId, true) : null;
    dropJobTab(job);
    // Undo's edit check compares only the rows this clean reached with their fingerprints.
    const done = jobProgress(job).rowsDone;
    saveJson(
      KEY_BACKUPS,
      (loadJson(KEY_BACKUPS) || []).map((b) => (b.id === job.id ? Object.assign({}, b, { rows: done }) : b)),
    );
    rememberLastClean(job, ended, true);
    documentProperties().deleteProperty(KEY_JOB);
    return { rowsDone: jobProgress(job).rowsDone, released: ended ? ended.rows_released || 0 : 0, job: ended };
  });
}

/**
 * Before Undo: how many cells of the tab were edited since the latest clean (they would be overwritten),
 * and whether rows were moved, added or removed (then only "undo everything" is possible).
 * @return {Object}
 */
function undoCheck() {
  const sheet = activeRegisterSheet();
  const backup = latestBackup(sheet.getName());
  if (!backup) {
    throw rensaError(ERROR_CODES.NO_BACKUP, t_('There is no clean to undo in this tab.'));
  }
  return editsSince(sheet, backup);
}

/**
 * Restores the active tab as it was before its latest clean, from that clean's backup (which is then
 * deleted; older backups stay, so Undo can go back further). With edits since the clean, the caller must
 * have asked: {confirmed: true} overwrites them, {keepEdits: true} puts the backup back and then the edited
 * cells as they are now.
 * @param {{confirmed?: boolean, keepEdits?: boolean}=} choice
 * @return {{sheetName: string, keptEdits: number, backupsLeft: number}}
 */
function undoLastClean(choice) {
  return withDocumentLock(() => undoLocked(choice || {}));
}

/**
 * The backups of this spreadsheet, newest first, with their size in cells.
 * @return {Array<Object>}
 */
function listBackups() {
  const all = loadJson(KEY_BACKUPS) || [];
  const latest = {};
  return all
    .slice()
    .reverse()
    .map((b) => {
      const isLatest = !latest[b.sheetName];
      latest[b.sheetName] = true;
      return {
        id: b.id,
        sheetName: b.sheetName,
        backupName: b.backupName,
        createdAt: b.createdAt,
        rows: b.rows,
        cells: b.cells,
        latest: isLatest,
      };
    });
}

/**
 * Deletes one backup tab. The backup of a clean that is still running cannot be discarded.
 * @param {string} id
 * @return {Array<Object>} the backups left (listBackups)
 */
function discardBackup(id) {
  return withDocumentLock(() => {
    const job = loadJson(KEY_JOB);
    if (job && !job.done && job.id === id) {
      throw rensaError(
        ERROR_CODES.JOB_RUNNING,
        t_('This backup belongs to the clean that is still running; finish or cancel it first.'),
      );
    }
    const all = loadJson(KEY_BACKUPS) || [];
    const entry = all.find((b) => b.id === id);
    if (!entry) {
      throw rensaError(ERROR_CODES.NO_BACKUP, t_('That backup is already gone.'));
    }
    const tab = activeSpreadsheet().getSheetByName(entry.backupName);
    if (tab) {
      activeSpreadsheet().deleteSheet(tab);
    }
    saveJson(
      KEY_BACKUPS,
      all.filter((b) => b.id !== id),
    );
    return listBackups();
  });
}

// ---- the job ----------------------------------------------------------------------------------

function startCleanLocked(choice) {
  const running = loadJson(KEY_JOB);
  if (running && !running.done) {
    throw rensaError(
      ERROR_CODES.JOB_RUNNING,
      t_('A clean of the tab {tab} is half done; resume it or cancel it first.', { tab: running.sheetName }),
    );
  }
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const shape = requireData(readShape(sheet, headerRowOf(sheet, settings).row));
  const digest = settingsDigest(settings);
  const scan = scanSheet(sheet, shape, digest);
  let rows = shape.rows;
  let dirty = scan.dirty.length;
  const limit = Number(choice.limitRows) || 0;
  if (limit > 0 && limit < dirty) {
    const cut = firstRowsLimit(scan.dirty, limit);
    rows = cut.lastRow;
    dirty = cut.dirty;
  }
  if (dirty === 0) {
    return { nothing: true, message: apiQuote({ rows: 0, rows_unchanged: scan.unchanged }).sentence };
  }
  checkRoomForBackup(sheet, rows);
  const jobId = Utilities.getUuid();
  // The price is paid up front: 402 here and nothing below happens (no backup, no write, no job).
  const server = apiStartJob({ rows: dirty, rows_unchanged: scan.unchanged, label: sheet.getName(), job_key: jobId });
  let backupName;
  try {
    backupName = writeNewBackup(sheet);
  } catch (e) {
    apiFinishJob(server.job_id, true);
    throw e;
  }
  const options = cleanOptions(settings, shape.headerRow);
  const dedupe = { on: options.dedupe, merge: options.merge };
  options.roles = fixedRoles(sheet, shape, settings);
  // Chunks are cleaned field by field only; duplicates come from the one pass over the whole register.
  options.dedupe = false;
  options.merge = false;
  const statusColumn = shape.statusColumn;
  writeStatusHeader(sheet, shape.headerRow, statusColumn);
  writeCheckHeader(sheet, shape.headerRow, statusColumn + 1);
  const chunkRows =
    Number(PropertiesService.getScriptProperties().getProperty('RENSA_CHUNK_ROWS')) || DEFAULT_CHUNK_ROWS;
  const job = {
    id: jobId,
    serverJobId: server.job_id,
    sheetName: sheet.getName(),
    backupName: backupName,
    header: shape.header,
    headerRow: shape.headerRow,
    width: shape.width,
    statusColumn: statusColumn,
    checkColumn: statusColumn + 1,
    rows: rows,
    sheetRows: shape.rows,
    chunkRows: chunkRows,
    chunks: planChunks(rows, chunkRows).length,
    next: 0,
    phase: dedupe.on ? 'duplicates' : 'chunks',
    done: false,
    options: options,
    dedupe: dedupe,
    digest: digest,
    jobTab: null,
    toClean: dirty,
    unchanged: scan.unchanged,
    totals: {
      sent: 0,
      written: 0,
      flagged: 0,
      conflicts: 0,
      formulas: 0,
      charged: 0,
      duplicates: 0,
      duplicateGroups: 0,
      possibleDuplicates: 0,
      closeGroups: 0,
      checkByHand: 0,
      skipped: 0,
    },
    checkByHand: [],
    conflictCells: [],
    usage: server.usage || null,
    error: null,
    startedAt: new Date().toISOString(),
  };
  rememberBackup(job);
  saveJson(KEY_JOB, job);
  return jobProgress(job);
}

function jobStep(job) {
  if (job.phase === 'duplicates') {
    duplicatePass(job);
  } else {
    cleanChunk(job);
  }
  job.error = null;
  if (job.phase === 'chunks' && job.next >= job.chunks) {
    const ended = apiFinishJob(job.serverJobId, false);
    job.done = true;
    job.finishedAt = new Date().toISOString();
    job.cost = ended;
    job.usage = ended.usage || job.usage;
    dropJobTab(job);
    rememberLastClean(job, ended, false);
  }
  saveJson(KEY_JOB, job);
  return jobProgress(job);
}

/**
 * The column roles of this job, fixed now: detected once on the first rows (a free dry run), with the user's
 * choices on top; every column gets an entry so no chunk detects anything again.
 */
function fixedRoles(sheet, shape, settings) {
  const sample = readRows(sheet, shape.headerRow, 1, Math.min(shape.rows, DETECT_ROWS), shape.width);
  const options = cleanOptions(settings, shape.headerRow);
  options.roles = {};
  options.dedupe = false;
  const detected = apiClean({ header: shape.header, rows: sample, options: options, dry_run: true }).roles || [];
  /** @type {Object<string, (string|null)>} */
  const roles = {};
  shape.header.forEach((_, index) => {
    const override = settings.roles[String(index)];
    roles[String(index)] = override === undefined ? detected[index] || null : override;
  });
  return roles;
}

/**
 * The duplicate pass, once per job, over only the match columns of all the job's rows (read from the backup,
 * as the register was when the job started), gzip-compressed. A register of up to passRows() rows goes in one
 * POST /v1/duplicates; a larger one in the split pass (splitPass), whose every call covers at most passRows()
 * rows, so that no call nears UrlFetch's time limit however large the sheet. The texts and merge fills per
 * row end in the job tab, which the chunks read their slice of.
 */
function duplicatePass(job) {
  const columns = matchColumns(job);
  if (!columns.length || job.rows < 2) {
    job.phase = 'chunks';
    return;
  }
  if (job.rows > passRows()) {
    splitPass(job, columns);
    return;
  }
  const backup = sheetByName(job.backupName, ERROR_CODES.NO_BACKUP);
  const found = apiDuplicates(
    Object.assign(passBody(job, columns), { rows: readMatchRows(backup, job, columns, 1, job.rows) }),
  );
  const plan = passPlan(found, columns, job);
  if (Object.keys(plan.status).length) {
    job.jobTab = writeJobTab(job, plan);
  }
  job.phase = 'chunks';
}

/** The sheet columns (0-based) whose role the duplicate pass matches on. */
function matchColumns(job) {
  const columns = [];
  Object.keys(job.options.roles).forEach((index) => {
    if (MATCH_ROLES.indexOf(job.options.roles[index]) >= 0) {
      columns.push(Number(index));
    }
  });
  return columns.sort((a, b) => a - b);
}

/** What every call of the pass sends besides rows: the match columns' names and roles, the job. */
function passBody(job, columns) {
  /** @type {Object<string, (string|null)>} */
  const roles = {};
  columns.forEach((c, i) => {
    roles[String(i)] = job.options.roles[String(c)];
  });
  return {
    header: columns.map((c) => job.header[c]),
    options: {
      roles: roles,
      country: job.options.country,
      phone_display: job.options.phone_display,
      header_row: job.headerRow,
      merge: job.dedupe.merge,
      language: job.options.language,
    },
    job_id: job.serverJobId,
  };
}

/** Data rows first..first+count-1 of the match columns, as the backup holds them (one read per column). */
function readMatchRows(backup, job, columns, first, count) {
  const values = columns.map((c) =>
    backup
      .getRange(job.headerRow + first, c + 1, count, 1)
      .getDisplayValues()
      .map((line) => line[0]),
  );
  const rows = [];
  for (let r = 0; r < count; r += 1) {
    rows.push(columns.map((_, i) => values[i][r]));
  }
  return rows;
}

/**
 * The notes and fills per data row of a pass answer ({duplicates, notes}); counts its groups and repeating
 * rows into the job's totals. Fills name the columns sent: they are put back on the sheet's columns.
 */
function passPlan(found, columns, job) {
  const clusters = (found.duplicates || []).map((cluster) => {
    if (!cluster.merge?.fills) {
      return cluster;
    }
    const fills = cluster.merge.fills.map((f) => Object.assign({}, f, { column: columns[f.column] }));
    return Object.assign({}, cluster, { merge: Object.assign({}, cluster.merge, { fills: fills }) });
  });
  // Counted as core counts a clean (core.clean _DuplicateNotes): the rows besides the one kept in each sure group
  // and the sure groups repeat another row; the rows besides the one kept in a group to review, and the rows no
  // sure group holds that may repeat one of their customers (each once), may repeat another. Their notes are the
  // server's, in found.notes.
  const sure = clusters.filter((c) => c.band === 'sure');
  job.totals.duplicates += sure.reduce((n, c) => n + c.rows.length - 1, 0);
  job.totals.duplicateGroups += sure.length;
  const maybe = new Set((found.possible_duplicates || []).map((p) => p.row));
  for (const c of clusters) {
    if (c.band !== 'sure') {
      for (const row of c.rows) {
        if (row !== c.survivor) {
          maybe.add(row);
        }
      }
    }
  }
  job.totals.possibleDuplicates = (job.totals.possibleDuplicates || 0) + maybe.size;
  // Sure groups linked to another sure group as possibly one customer (core.status count.close_groups): each group
  // once; a call's cluster ids are its own, and both groups of a pair are always in one call.
  const close = new Set((found.close_clusters || []).flatMap((link) => link.clusters));
  job.totals.closeGroups = (job.totals.closeGroups || 0) + close.size;
  const kept = sure.filter((c) => close.has(c.cluster_id)).map((c) => c.survivor);
  keepRowsToCheck(job, Array.from(maybe).concat(kept), found.notes || {});
  return buildDuplicatePlan({ notes: found.notes || {}, duplicates: clusters }, { merge: job.dedupe.merge });
}

/** Rows to a person looks at that the sidebar shows with their note after a clean; the rest are counted. */
const CHECK_BY_HAND_SHOWN = 5;

/**
 * The rows of a pass answer a person looks at (the rows that may repeat another, and the rows kept by groups that
 * may be one customer), with the server's own note on each: what agrees and what holds the pair back (core's
 * sentence, issue 9). The first CHECK_BY_HAND_SHOWN are kept in the job as sheet rows, all are counted.
 * @param {Object} job
 * @param {Array<number>} rows data rows of the register
 * @param {Object<string, string>} notes the answer's notes by data row
 */
function keepRowsToCheck(job, rows, notes) {
  const noted = Array.from(new Set(rows))
    .filter((row) => notes[String(row)])
    .sort((a, b) => a - b);
  const shown = job.checkByHand || [];
  for (const row of noted.slice(0, Math.max(0, CHECK_BY_HAND_SHOWN - shown.length))) {
    shown.push({ row: row + job.headerRow, note: notes[String(row)] });
  }
  job.checkByHand = shown;
  job.totals.checkByHand = (job.totals.checkByHand || 0) + noted.length;
}

// ---- the split duplicate pass (registers larger than one call) ------------------------------------

/**
 * Rows per call of the duplicate pass: the backend's RENSA_MAX_PASS_ROWS. Each call's work is bounded by it
 * (docs/addon.md measures the longest call), whatever the size of the sheet.
 */
const PASS_ROWS = 20000;

/** Rows of a block cut into runs are compared with their 8 nearest neighbours (core's DedupConfig.window). */
const PASS_OVERLAP = 8;

/** A pair scoring at least this joins a component (core's DedupConfig.review_threshold). */
const PASS_REVIEW = 0.6;

/** One execution starts pass calls for this long; each call ends long before UrlFetch's 60 s. */
const PASS_STEP_SECONDS = 150;

/** Characters per job-tab cell of a log (a cell holds 50,000). */
const LOG_CELL_CHARS = 40000;

/** Columns of the hidden job tab: status and fills, and for the split pass its keys, pairs and notes logs. */
function jobTabColumns(rows) {
  return rows > passRows() ? 5 : 2;
}

function passRows() {
  return Number(PropertiesService.getScriptProperties().getProperty('RENSA_PASS_ROWS')) || PASS_ROWS;
}

function passStepSeconds() {
  const value = PropertiesService.getScriptProperties().getProperty('RENSA_PASS_STEP_SECONDS');
  return value === null || value === '' ? PASS_STEP_SECONDS : Number(value);
}

/**
 * The split pass, driven from here; the backend keeps nothing between calls (core.dedup.parts):
 *   keys      slice by slice, each row's block ids (keyed hashes) -> job tab column C; the first slice also
 *             gives the weights (numbers) -> cell E1;
 *   pairs     whole blocks packed into parts of at most passRows() rows, each scored -> likely pairs
 *             ("row row score apart log2-odds") logged in column D;
 *   clusters  pairs joined into components, whole components at most passRows() rows a call -> notes and
 *             fills logged in column E (from E2);
 *   write     the logs become the job tab's status and fill columns (A, B), which the chunks read.
 * Each call's result is in the job tab and the job is saved before the next call starts, so an execution
 * cut off at 6 minutes resumes at the call it did not finish. One execution goes on while time is left.
 */
function splitPass(job, columns) {
  const started = Date.now();
  const size = passRows();
  const backup = sheetByName(job.backupName, ERROR_CODES.NO_BACKUP);
  if (!job.pass) {
    job.pass = { step: 'keys', next: 0, slices: Math.ceil(job.rows / size), size: size, pairCells: 0, noteCells: 0 };
    job.jobTab = newJobTab(job, jobTabColumns(job.rows));
  }
  const pass = job.pass;
  const tab = sheetByName(job.jobTab, ERROR_CODES.NO_JOB);
  // read once per execution: the match columns of every row, the weights, the parts, the components
  const cache = {};
  const everyRow = () => {
    if (!cache.rows) {
      cache.rows = readMatchRows(backup, job, columns, 1, job.rows);
    }
    return cache.rows;
  };
  const model = () => {
    if (cache.model === undefined) {
      cache.model = JSON.parse(String(tab.getRange(1, 5).getValue()) || 'null');
    }
    return cache.model;
  };
  do {
    if (pass.step === 'keys') {
      const first = pass.next * pass.size + 1;
      const count = Math.min(pass.size, job.rows - first + 1);
      const found = apiDuplicateKeys(
        Object.assign(passBody(job, columns), {
          rows: readMatchRows(backup, job, columns, first, count),
          train: pass.next === 0,
        }),
      );
      tab.getRange(first, 3, count, 1).setValues(found.keys.map((ids) => [ids]));
      if (pass.next === 0) {
        tab.getRange(1, 5).setValue(JSON.stringify(found.model));
      }
      pass.next += 1;
      if (pass.next >= pass.slices) {
        Object.assign(pass, { step: 'pairs', next: 0 });
      }
    } else if (pass.step === 'pairs') {
      cache.parts = cache.parts || planParts(readLog(tab, 3, job.rows, false), pass.size);
      pass.parts = cache.parts.length;
      if (pass.next < pass.parts) {
        const numbers = cache.parts[pass.next];
        const found = apiDuplicatePairs(
          Object.assign(passBody(job, columns), {
            rows: numbers.map((r) => everyRow()[r - 1]),
            row_numbers: numbers,
            register_rows: job.rows,
            model: model(),
          }),
        );
        pass.pairCells += writeLog(
          tab,
          4,
          pass.pairCells + 1,
          found.pairs.map((p) => p.join(' ')),
        );
        pass.next += 1;
      }
      if (pass.next >= pass.parts) {
        Object.assign(pass, { step: 'clusters', next: 0 });
      }
    } else if (pass.step === 'clusters') {
      cache.calls = cache.calls || componentCalls(readLog(tab, 4, pass.pairCells, true), pass.size);
      pass.calls = cache.calls.length;
      if (pass.next < pass.calls) {
        const call = cache.calls[pass.next];
        const found = apiDuplicateClusters(
          Object.assign(passBody(job, columns), {
            rows: call.rows.map((r) => everyRow()[r - 1]),
            row_numbers: call.rows,
            register_rows: job.rows,
            model: model(),
            pairs: call.pairs,
          }),
        );
        const plan = passPlan(found, columns, job);
        const entries = Object.keys(plan.status).map((row) =>
          JSON.stringify([Number(row), plan.status[row], plan.fills[row] || null]),
        );
        pass.noteCells += writeLog(tab, 5, pass.noteCells + 2, entries);
        pass.next += 1;
      }
      if (pass.next >= pass.calls) {
        Object.assign(pass, { step: 'write', next: 0 });
      }
    } else {
      writePassResult(tab, job, readLog(tab, 5, pass.noteCells, true, 2));
      job.phase = 'chunks';
      return;
    }
    saveJson(KEY_JOB, job);
  } while (Date.now() - started < passStepSeconds() * 1000);
}

/**
 * Parts of the split pass: whole blocks (rows that share a block id) packed into lists of at most `size`
 * data rows; a row in several blocks may be in several parts. A block larger than a part is cut into runs
 * of `size` rows that overlap by PASS_OVERLAP rows. An id ending in "*" or "+" belongs to a rule that pairs
 * only rows of which one lacks a value ("*" lacks it): its block is needed only when it has a "*" row.
 * @param {Array<string>} keys per data row (index 0 = row 1), its block ids separated by spaces
 * @param {number} size
 * @return {Array<Array<number>>} data rows of each part, ascending
 */
function planParts(keys, size) {
  /** @type {Map<string, {rows: Array<number>, need: string}>} */
  const blocks = new Map();
  keys.forEach((ids, r) => {
    if (!ids) {
      return;
    }
    for (const raw of ids.split(' ')) {
      const need = /[*+]$/.test(raw) ? raw.slice(-1) : '';
      const id = need ? raw.slice(0, -1) : raw;
      const block = blocks.get(id);
      if (block) {
        block.rows.push(r + 1);
        block.need = block.need === '*' || need === '*' ? '*' : block.need || need;
      } else {
        blocks.set(id, { rows: [r + 1], need: need });
      }
    }
  });
  const parts = [];
  let current = new Set();
  blocks.forEach(({ rows, need }) => {
    if (rows.length < 2 || need === '+') {
      return;
    }
    if (rows.length > size) {
      for (let s = 0; ; s += size - PASS_OVERLAP) {
        parts.push(new Set(rows.slice(s, s + size)));
        if (s + size >= rows.length) {
          break;
        }
      }
      return;
    }
    const added = rows.filter((r) => !current.has(r)).length;
    if (current.size + added > size) {
      parts.push(current);
      current = new Set();
    }
    for (const r of rows) {
      current.add(r);
    }
  });
  if (current.size) {
    parts.push(current);
  }
  return parts.map((part) => Array.from(part).sort((a, b) => a - b));
}

/**
 * Calls of the clusters step: the pairs (best score of each) joined into connected components by those
 * scoring at least PASS_REVIEW, whole components packed into calls of at most `size` rows, each with every
 * pair among its rows. A component larger than a call (never seen: it would take `size` rows that all
 * repeat each other) is cut; its rows' pairs across the cut are not judged together.
 * @param {Array<string>} lines "row row score apart log2-odds" per pair, in any order, repeats allowed
 * @param {number} size
 * @return {Array<{rows: Array<number>, pairs: Array<Array<*>>}>}
 */
function componentCalls(lines, size) {
  /** @type {Map<string, Array<*>>} */
  const best = new Map();
  lines.forEach((line) => {
    const [a, b, p, x, w] = line.split(' ');
    const pair = [Number(a), Number(b), Number(p), x === 'true', Number(w)];
    const key = `${pair[0]} ${pair[1]}`;
    const seen = best.get(key);
    if (!seen || seen[2] < pair[2]) {
      best.set(key, pair);
    }
  });
  /** @type {Map<number, number>} */
  const parent = new Map();
  const root = (r) => {
    let x = r;
    while (parent.has(x) && parent.get(x) !== x) {
      x = parent.get(x);
    }
    return x;
  };
  best.forEach(([a, b, p]) => {
    if (p >= PASS_REVIEW) {
      const ra = root(a);
      const rb = root(b);
      parent.set(ra, ra);
      parent.set(rb, rb);
      if (ra !== rb) {
        parent.set(Math.max(ra, rb), Math.min(ra, rb));
      }
    }
  });
  /** @type {Map<number, Array<number>>} */
  const components = new Map();
  Array.from(parent.keys())
    .sort((a, b) => a - b)
    .forEach((r) => {
      const top = root(r);
      components.set(top, (components.get(top) || []).concat([r]));
    });
  const calls = [];
  let current = [];
  components.forEach((rows) => {
    for (let s = 0; s < rows.length; s += size) {
      const piece = rows.slice(s, s + size);
      if (current.length + piece.length > size) {
        calls.push(current);
        current = [];
      }
      current = current.concat(piece);
    }
  });
  if (current.length) {
    calls.push(current);
  }
  return calls.map((rows) => {
    const inside = new Set(rows);
    const pairs = Array.from(best.values()).filter(([a, b]) => inside.has(a) && inside.has(b));
    return { rows: rows.sort((a, b) => a - b), pairs: pairs };
  });
}

/**
 * A new hidden job tab of `columns` columns and the job's rows, named in the user's language, replacing any
 * left by an earlier job cut off before it could delete its own (in whatever language that one was named).
 */
function newJobTab(job, columns) {
  const ss = activeSpreadsheet();
  for (const old of leftoverJobTabs()) {
    ss.deleteSheet(old);
  }
  const name = rensaTabName(RENSA_TAB_KINDS.JOB, job.sheetName);
  const tab = insertRensaTab(RENSA_TAB_KINDS.JOB, name, job.rows, columns);
  tab.getRange(1, 1, job.rows, columns).setNumberFormat('@');
  return name;
}

/**
 * Appends log entries in column `column` from row `row`, packed into cells of at most LOG_CELL_CHARS
 * characters (one line each). Returns the cells written.
 */
function writeLog(tab, column, row, entries) {
  const cells = [];
  let cell = '';
  entries.forEach((entry) => {
    if (cell && cell.length + entry.length + 1 > LOG_CELL_CHARS) {
      cells.push([cell]);
      cell = '';
    }
    cell = cell ? `${cell}\n${entry}` : entry;
  });
  if (cell) {
    cells.push([cell]);
  }
  if (cells.length) {
    tab.getRange(row, column, cells.length, 1).setValues(cells);
  }
  return cells.length;
}

/**
 * A job-tab column: one value per row (`lines` false), or the lines of a log's first `count` cells.
 * @return {Array<string>}
 */
function readLog(tab, column, count, lines, first) {
  if (count < 1) {
    return [];
  }
  const values = tab
    .getRange(first || 1, column, count, 1)
    .getValues()
    .map((line) => String(line[0]));
  return lines ? values.filter(Boolean).join('\n').split('\n') : values;
}

/** The job tab's status and fill columns (A, B) from the clusters step's log, in one write. */
function writePassResult(tab, job, entries) {
  const values = [];
  for (let r = 0; r < job.rows; r += 1) {
    values.push(['', '']);
  }
  entries.forEach((entry) => {
    const [row, note, fills] = JSON.parse(entry);
    values[row - 1] = [note, fills ? JSON.stringify(fills) : ''];
  });
  tab.getRange(1, 1, job.rows, 2).setValues(values);
}

/**
 * One chunk: the rows to clean (changed since Rensa last cleaned them, not blank) as the backup holds them go
 * to POST /v1/clean with the job's id and the chunk's idempotency key; the answer is written where the sheet
 * still holds what the backup holds; every row of the chunk gets its fingerprint.
 */
function cleanChunk(job) {
  const sheet = sheetByName(job.sheetName, ERROR_CODES.SHEET_CHANGED);
  const backup = sheetByName(job.backupName, ERROR_CODES.NO_BACKUP);
  const header = readHeader(sheet, job.headerRow).slice(0, job.width);
  if (JSON.stringify(header) !== JSON.stringify(job.header)) {
    throw rensaError(
      ERROR_CODES.SHEET_CHANGED,
      t_(
        'The column headers changed since the clean started; nothing more was written. Put them back and resume, or cancel and start again.',
      ),
    );
  }
  const chunk = planChunks(job.rows, job.chunkRows)[job.next];
  const key = fingerprintKey();
  const original = readRows(backup, job.headerRow, chunk.first, chunk.count, job.width);
  const oldChecks = readColumn(backup, job.headerRow, chunk.first, chunk.count, job.checkColumn);
  const pick = rowsToClean(key, original, oldChecks, job.digest);
  const cleaned = original.map((row) => row.slice());
  const status = readColumn(sheet, job.headerRow, chunk.first, chunk.count, job.statusColumn);
  let issues = [];
  let contact = null;
  if (pick.dirty.length) {
    const result = apiClean({
      header: job.header,
      rows: pick.dirty.map((r) => original[r]),
      // Row 1 of this request is the chunk's first row, so its "header" is the sheet row just above it.
      options: Object.assign({}, job.options, { header_row: job.headerRow + chunk.first - 1 }),
      dry_run: false,
      idempotency_key: chunkKey(job.id, chunk.index),
      job_id: job.serverJobId,
    });
    pick.dirty.forEach((r, i) => {
      cleaned[r] = result.rows[i];
      status[r] = (result.status || [])[i] || '';
    });
    issues = (result.issues || []).map((issue) => Object.assign({}, issue, { row: pick.dirty[issue.row - 1] + 1 }));
    job.totals.charged += result.usage ? result.usage.rows_charged : 0;
    job.usage = result.usage || job.usage;
    contact = result.contact || null;
  }
  const refresh = {};
  pick.dirty.forEach((r) => {
    refresh[r] = true;
  });
  const duplicates = readJobTab(job, chunk);
  const live = readRows(sheet, job.headerRow, chunk.first, chunk.count, job.width);
  const plan = planChunkWrites({
    original: original,
    live: live,
    formulas: readFormulas(sheet, job.headerRow, chunk.first, chunk.count, job.width),
    cleaned: cleaned,
    issues: issues,
    status: keptStatus(status, refresh, duplicates, chunk.first),
    firstRow: chunk.first,
    headerRow: job.headerRow,
    duplicates: duplicates,
    vocabulary: apiVocabulary(),
  });
  const checks = chunkChecks(key, job, chunk, plan, live, oldChecks, refresh);
  writeChunk(sheet, Object.assign({ refresh: refresh, checks: checks }, plan), {
    headerRow: job.headerRow,
    first: chunk.first,
    count: chunk.count,
    width: job.width,
    statusColumn: job.statusColumn,
    checkColumn: job.checkColumn,
  });
  if (contact) {
    // Suppression.gs writes the verdict columns (Ring ej, Posta ej, E-posta ej) for every row of the chunk:
    // rows this chunk did not send keep the verdicts they have.
    writeContactColumns(sheet, job, chunk, contactForChunk(sheet, job, chunk, contact, pick.dirty));
  }
  job.totals.sent += pick.dirty.length;
  job.totals.skipped += pick.unchanged;
  job.totals.written += plan.writes.length;
  job.totals.flagged += plan.flags.length;
  job.totals.conflicts += plan.conflicts.length;
  job.totals.formulas += plan.formulas.length;
  job.conflictCells = job.conflictCells
    .concat(conflictCells(plan.conflicts, job.headerRow + chunk.first, 20))
    .slice(0, 20);
  job.next += 1;
}

/**
 * The backend's contact answer for the rows sent, spread over the whole chunk: rows not sent keep the
 * verdict cells they have now.
 */
function contactForChunk(sheet, job, chunk, contact, dirty) {
  if (dirty.length === chunk.count) {
    return contact;
  }
  const names = contact.columns.map((c) => c.header);
  if (!job.contactColumns) {
    const cells = readHeader(sheet, job.headerRow);
    job.contactColumns = contactColumnsFor(cells, names, Math.max(sheet.getLastColumn(), cells.length));
    job.contactColumns.forEach((column, i) => {
      sheet.getRange(job.headerRow, column).setValue(names[i]);
    });
  }
  const kept = job.contactColumns.map((column) => readColumn(sheet, job.headerRow, chunk.first, chunk.count, column));
  const values = [];
  for (let r = 0; r < chunk.count; r += 1) {
    values.push(kept.map((col) => col[r]));
  }
  dirty.forEach((r, i) => {
    values[r] = contact.values[i];
  });
  return Object.assign({}, contact, { values: values });
}

/**
 * The status column of rows a chunk did not send stays as it is, with the duplicate text added when it is new.
 */
function keptStatus(status, refresh, duplicates, firstRow) {
  return status.map((text, r) => {
    if (refresh[r]) {
      return text;
    }
    const dup = duplicates.status[String(firstRow + r)];
    if (dup && String(text).indexOf(dup) >= 0) {
      delete duplicates.status[String(firstRow + r)];
    }
    return text;
  });
}

/**
 * The "Rensa check" cells of a chunk after its writes: a new fingerprint of each row as it now stands (the
 * cells kept as someone edited them are marked uncleaned); rows the chunk skipped keep theirs, with the
 * position tag of where they are now.
 */
function chunkChecks(key, job, chunk, plan, live, oldChecks, refresh) {
  const final = live.map((row) => row.slice());
  const touched = {};
  plan.writes.forEach((w) => {
    final[w.r][w.c] = w.value;
    touched[w.r] = true;
  });
  const kept = {};
  plan.conflicts.forEach((cell) => {
    kept[cell.r] = (kept[cell.r] || []).concat([cell.c]);
  });
  return final.map((row, r) => {
    const dataRow = chunk.first + r;
    if (!refresh[r] && !touched[r] && isUnchanged(key, oldChecks[r], row, job.digest)) {
      return movedFingerprint(key, oldChecks[r], dataRow);
    }
    return rowFingerprint(key, row, job.digest, dataRow, kept[r]);
  });
}

/**
 * The part of a job the sidebar shows.
 * @param {Object} job
 * @return {Object}
 */
function jobProgress(job) {
  return {
    id: job.id,
    sheetName: job.sheetName,
    headerRow: job.headerRow,
    rows: job.rows,
    sheetRows: job.sheetRows,
    chunks: job.chunks,
    next: job.next,
    phase: job.phase,
    done: job.done,
    rowsDone: job.phase === 'duplicates' ? 0 : Math.min(job.rows, job.next * job.chunkRows),
    // the split duplicate pass: calls done and to do in its current step (keys, pairs, clusters)
    pass: job.pass ? { step: job.pass.step, done: job.pass.next, total: passTotal(job.pass) } : null,
    toClean: job.toClean,
    unchanged: job.unchanged,
    totals: job.totals,
    conflictCells: job.conflictCells,
    // the first rows a person looks at, each with the server's note (sheet row, text)
    checkByHand: job.checkByHand || [],
    usage: job.usage,
    cost: job.cost || null,
    error: job.error || null,
  };
}

function passTotal(pass) {
  return { keys: pass.slices, pairs: pass.parts, clusters: pass.calls }[pass.step] || 0;
}

// ---- undo ---------------------------------------------------------------------------------------

/**
 * Cells edited since a clean: rows the clean fingerprinted are compared with their fingerprint, rows outside
 * the clean (beyond "the first N rows") with the backup; rows added, removed or moved are counted apart.
 */
function editsSince(sheet, backup) {
  const key = fingerprintKey();
  const tab = sheetByName(backup.backupName, ERROR_CODES.NO_BACKUP);
  const liveRows = Math.max(0, sheet.getLastRow() - backup.headerRow);
  const backupRows = Math.max(0, tab.getLastRow() - backup.headerRow);
  const cells = [];
  let edited = 0;
  let moved = 0;
  let unknown = 0;
  for (let first = 1; first <= liveRows; first += SCAN_ROWS) {
    const count = Math.min(SCAN_ROWS, liveRows - first + 1);
    const rows = readRows(sheet, backup.headerRow, first, count, backup.width);
    const checks = readColumn(sheet, backup.headerRow, first, count, backup.checkColumn);
    const before =
      first + count - 1 <= backup.rows
        ? []
        : readRows(tab, backup.headerRow, first, Math.min(count, Math.max(0, backupRows - first + 1)), backup.width);
    rows.forEach((row, r) => {
      const dataRow = first + r;
      let columns;
      if (dataRow <= backup.rows) {
        const check = compareFingerprint(key, checks[r], row, backup.digest, dataRow);
        if (!check.known) {
          unknown += isBlankRow(row) ? 0 : 1;
          columns = isBlankRow(row) ? [] : row.map((_, c) => c);
        } else {
          moved += check.moved ? 1 : 0;
          columns = check.edited;
        }
      } else {
        const was = before[r] || row.map(() => '');
        columns = row.map((v, c) => (v === was[c] ? -1 : c)).filter((c) => c >= 0);
      }
      edited += columns.length;
      columns.forEach((c) => {
        if (cells.length < 20) {
          cells.push(toA1(backup.headerRow + dataRow, c + 1));
        }
      });
    });
  }
  const added = Math.max(0, liveRows - backupRows);
  const removed = Math.max(0, backupRows - liveRows);
  const structural = moved > 0 || added > 0 || removed > 0 || unknown > 0;
  return {
    sheetName: backup.sheetName,
    backupId: backup.id,
    createdAt: backup.createdAt,
    editedCells: edited,
    cells: cells,
    rowsMoved: moved,
    rowsAdded: added,
    rowsRemoved: removed,
    canKeepEdits: !structural,
  };
}

function undoLocked(choice) {
  const job = loadJson(KEY_JOB);
  const sheet = activeRegisterSheet();
  if (job && !job.done && job.sheetName === sheet.getName()) {
    throw rensaError(ERROR_CODES.JOB_RUNNING, t_('A clean of this tab is half done; cancel it first, then undo.'));
  }
  const backup = latestBackup(sheet.getName());
  if (!backup) {
    throw rensaError(ERROR_CODES.NO_BACKUP, t_('There is no clean to undo in this tab.'));
  }
  const check = editsSince(sheet, backup);
  if (check.editedCells > 0 && !choice.confirmed && !choice.keepEdits) {
    throw rensaError(
      ERROR_CODES.UNDO_NEEDS_ANSWER,
      tn_(
        '{n} cell was edited since the clean; say whether Undo may overwrite it.',
        '{n} cells were edited since the clean; say whether Undo may overwrite them.',
        check.editedCells,
      ),
    );
  }
  if (choice.keepEdits && !check.canKeepEdits) {
    throw rensaError(
      ERROR_CODES.UNDO_NEEDS_ANSWER,
      t_(
        'Rows were added, removed or moved since the clean, so Undo cannot tell which cells to keep; it can only put the whole tab back.',
      ),
    );
  }
  const kept = choice.keepEdits && check.editedCells ? editedCellsNow(sheet, backup) : [];
  restoreBackup(backup.sheetName, backup.backupName);
  kept.forEach((cell) => {
    const range = sheet.getRange(cell.row, cell.column);
    if (cell.formula) {
      range.setFormula(cell.formula);
    } else {
      range.setNumberFormat('@');
      range.setValue(cell.value);
    }
  });
  const left = (loadJson(KEY_BACKUPS) || []).filter((b) => b.id !== backup.id);
  saveJson(KEY_BACKUPS, left);
  if (job && job.sheetName === backup.sheetName) {
    documentProperties().deleteProperty(KEY_JOB);
  }
  forgetLastClean(backup.sheetName);
  return {
    sheetName: backup.sheetName,
    keptEdits: kept.length,
    backupsLeft: left.filter((b) => b.sheetName === backup.sheetName).length,
  };
}

/** The edited cells as they are now (value or formula), to put back after the backup is restored. */
function editedCellsNow(sheet, backup) {
  const key = fingerprintKey();
  const liveRows = Math.max(0, sheet.getLastRow() - backup.headerRow);
  const tab = sheetByName(backup.backupName, ERROR_CODES.NO_BACKUP);
  const backupRows = Math.max(0, tab.getLastRow() - backup.headerRow);
  const out = [];
  for (let first = 1; first <= liveRows; first += SCAN_ROWS) {
    const count = Math.min(SCAN_ROWS, liveRows - first + 1);
    const rows = readRows(sheet, backup.headerRow, first, count, backup.width);
    const formulas = readFormulas(sheet, backup.headerRow, first, count, backup.width);
    const checks = readColumn(sheet, backup.headerRow, first, count, backup.checkColumn);
    const before = readRows(
      tab,
      backup.headerRow,
      first,
      Math.min(count, Math.max(0, backupRows - first + 1)),
      backup.width,
    );
    rows.forEach((row, r) => {
      const dataRow = first + r;
      const was = before[r] || row.map(() => '');
      const columns =
        dataRow <= backup.rows
          ? compareFingerprint(key, checks[r], row, backup.digest, dataRow).edited
          : row.map((v, c) => (v === was[c] ? -1 : c)).filter((c) => c >= 0);
      columns.forEach((c) => {
        out.push({ row: backup.headerRow + dataRow, column: c + 1, value: row[c], formula: formulas[r][c] || '' });
      });
    });
  }
  return out;
}

// ---- state kept in the document ---------------------------------------------------------------

/**
 * This document's fingerprint key (random, made at the first clean). Only this add-on reads document
 * properties; a copy of the spreadsheet has none, so its rows are simply cleaned again.
 * @return {{inner: Array<number>, outer: Array<number>}}
 */
function fingerprintKey() {
  const props = documentProperties();
  let text = props.getProperty(KEY_FINGERPRINT);
  if (!text) {
    text = Utilities.getUuid() + Utilities.getUuid();
    props.setProperty(KEY_FINGERPRINT, text);
  }
  return hmacKey(text);
}

/** Every row of the sheet: blank, unchanged since the last clean, or to clean (0-based data row offsets). */
function scanSheet(sheet, shape, digest) {
  const key = fingerprintKey();
  const dirty = [];
  let unchanged = 0;
  let blank = 0;
  const checkColumn = shape.statusColumn + 1;
  for (let first = 1; first <= shape.rows; first += SCAN_ROWS) {
    const count = Math.min(SCAN_ROWS, shape.rows - first + 1);
    const rows = readRows(sheet, shape.headerRow, first, count, shape.width);
    const checks = readColumn(sheet, shape.headerRow, first, count, checkColumn);
    const pick = rowsToClean(key, rows, checks, digest);
    pick.dirty.forEach((r) => {
      dirty.push(first + r);
    });
    unchanged += pick.unchanged;
    blank += pick.blank;
  }
  return { dirty: dirty, unchanged: unchanged, blank: blank };
}

/**
 * "Clean the first N rows": the data row where the N-th row to clean is.
 * @param {Array<number>} dirty 1-based data rows to clean, ascending
 * @param {number} n
 * @return {{dirty: number, lastRow: number}|null}
 */
function firstRowsLimit(dirty, n) {
  const take = Math.min(Math.max(0, Math.floor(n)), dirty.length);
  return take > 0 ? { dirty: take, lastRow: dirty[take - 1] } : null;
}

function rememberBackup(job) {
  const sheet = sheetByName(job.backupName, ERROR_CODES.NO_BACKUP);
  const all = loadJson(KEY_BACKUPS) || [];
  all.push({
    id: job.id,
    sheetName: job.sheetName,
    backupName: job.backupName,
    createdAt: job.startedAt,
    headerRow: job.headerRow,
    width: job.width,
    statusColumn: job.statusColumn,
    checkColumn: job.checkColumn,
    rows: job.rows,
    digest: job.digest,
    cells: sheet.getMaxRows() * sheet.getMaxColumns(), // what it takes of the 10,000,000
  });
  saveJson(KEY_BACKUPS, all);
}

/**
 * The newest backup of a tab, or null.
 * @param {string} sheetName
 * @return {Object}
 */
function latestBackup(sheetName) {
  const all = (loadJson(KEY_BACKUPS) || []).filter((b) => b.sheetName === sheetName);
  return all.length ? all[all.length - 1] : null;
}

function rememberLastClean(job, ended, cancelled) {
  const all = loadJson(KEY_LAST) || {};
  all[job.sheetName] = {
    at: new Date().toISOString(),
    cancelled: cancelled,
    rowsCleaned: job.totals.sent,
    unchanged: job.totals.skipped,
    charged: ended ? ended.rows_used : job.totals.charged,
    freeRows: ended ? ended.free_rows : 0,
    creditRows: ended ? ended.credit_rows : 0,
    costText: ended ? ended.cost_text : '',
    written: job.totals.written,
  };
  saveJson(KEY_LAST, all);
}

function forgetLastClean(sheetName) {
  const all = loadJson(KEY_LAST) || {};
  delete all[sheetName];
  saveJson(KEY_LAST, all);
}

/**
 * What the last clean of a tab did and cost, or null.
 * @param {string} sheetName
 * @return {Object}
 */
function lastCleanOf(sheetName) {
  return (loadJson(KEY_LAST) || {})[sheetName] || null;
}

// ---- the job tab: duplicate texts and merge fills per data row ----------------------------------

function writeJobTab(job, plan) {
  const name = newJobTab(job, 2);
  const values = [];
  for (let r = 1; r <= job.rows; r += 1) {
    const fills = plan.fills[String(r)];
    values.push([plan.status[String(r)] || '', fills ? JSON.stringify(fills) : '']);
  }
  sheetByName(name, ERROR_CODES.NO_JOB).getRange(1, 1, job.rows, 2).setValues(values);
  return name;
}

/** The duplicate plan of one chunk's rows (keys are data rows, as buildDuplicatePlan makes them). */
function readJobTab(job, chunk) {
  /** @type {{status: Object<string, string>, fills: Object<string, Array<Array<*>>>}} */
  const plan = { status: {}, fills: {} };
  if (!job.jobTab) {
    return plan;
  }
  const tab = sheetByName(job.jobTab, ERROR_CODES.NO_JOB);
  tab
    .getRange(chunk.first, 1, chunk.count, 2)
    .getValues()
    .forEach((line, r) => {
      const row = String(chunk.first + r);
      if (line[0]) {
        plan.status[row] = String(line[0]);
      }
      if (line[1]) {
        plan.fills[row] = JSON.parse(String(line[1]));
      }
    });
  return plan;
}

function dropJobTab(job) {
  if (!job.jobTab) {
    return;
  }
  const tab = activeSpreadsheet().getSheetByName(job.jobTab);
  if (tab) {
    activeSpreadsheet().deleteSheet(tab);
  }
  job.jobTab = null;
}
