/**
 * Server.gs: the ONLY functions the sidebar may call (google.script.run.<name>):
 *
 *   getSidebarState()          settings, running job, undo info, error codes, the backend's vocabulary
 *   detectColumns()            column roles from a free dry run over the first rows
 *   saveSettings(settings)     phone format, duplicates (flag|merge|off), country, role overrides
 *   setHeaderRow(row)          the sheet row holding the column names (null: found automatically)
 *   runTestWash()              free dry run: quality before/after per column, problems, duplicates
 *   startClean()               dedup dry run over all rows, backup tab, then a job of row chunks
 *   cleanNextChunk()           cleans and writes one chunk; call until done (resumes after a stop)
 *   cancelClean()              forgets an unfinished job (the backup and undo stay)
 *   undoLastClean()            restores the backup tab of the last clean
 *   getUsage()                 rows used, free rows and credits left
 *   listConnections()          newsletter tool connections of this tab with their bounce events
 *   createConnection(input)    {provider, secret, emailColumn} -> connection with webhook_url
 *   flushConnection(id)        marks the connection's waiting bounces in the sheet now
 *   deleteConnection(id)
 *   getTeam()                  the team, its members, the caller's role and teams (teams and billing)
 *   chooseTeam(accountId)      act on another of the caller's teams ('' = the default)
 *   inviteMember(email)        invite a colleague by Google address (owner)
 *   acceptInvitation(accountId)  join a team that invited this user, and act on it from now on
 *   removeMember(id)           remove a member or invitation (owner; a member may remove themselves)
 *   buyCredits(choice)         {pack} | {credits} | {mode: 'monthly'} -> {url} of a Stripe Checkout page
 *   openBillingPortal()        {url} of Stripe's page for invoices, receipts and the card
 *   getUpkeep()                this tab's upkeep schedule, what a run does, its quality history
 *   setUpkeep(choice)          {frequency: 'off'|'weekly'|'monthly', day} keeps the tab clean by itself
 *   runUpkeepNow()             one upkeep run now (charged like a scheduled one), then what getUpkeep() returns
 *   listSuppressionLists()     the account's suppression lists with dates and expiry (Suppression.gs)
 *   uploadSuppressionList(input) {kind, name, date, validUntil, content} -> stored list (hashes only)
 *   deleteSuppressionList(id)
 *   contactSummary()           free dry run: how many rows may be called, posted to, e-mailed today
 *   lastCleanContact()         the same counts from the last clean's chunks
 *   mayCallNow(number)         Norway's § 14 calling hours and the account's lists for one number
 *
 * startClean, cleanNextChunk, cancelClean and undoLastClean hold the document lock (LockService) while
 * they run, so two people (or two open sidebars) never write to the same spreadsheet at once.
 *
 * Errors reach the sidebar's failure handler as an Error whose message is the JSON of
 * {code, message, row, field} (see ErrorCodes.gs).
 */

/** Rows per chunk of a clean: each chunk is one HTTP call and one batch of writes, far below 6 min. */
const DEFAULT_CHUNK_ROWS = 500;

/** A test wash and the role detection look at this many rows at most. */
const TEST_WASH_MAX_ROWS = 5000;
const DETECT_ROWS = 200;

const DEFAULT_SETTINGS = { country: 'SE', phone_display: 'e164', duplicates: 'flag', roles: {}, header_rows: {} };

/** How long a clean or undo waits for another one in the same spreadsheet to finish. */
const LOCK_WAIT_MS = 20000;

/** Used when the script property RENSA_SERVICE_ACCOUNT is not set. */
const DEFAULT_SERVICE_ACCOUNT = 'rensa-sheets@rensa-app.iam.gserviceaccount.com';

const KEY_SETTINGS = 'rensa.settings';
const KEY_JOB = 'rensa.job';
const KEY_PLAN = 'rensa.job.plan.';
const KEY_UNDO = 'rensa.undo';
const PLAN_PIECE = 8000;
const PLAN_MAX_PIECES = 40;

/**
 * Everything the sidebar needs when it opens.
 * @return {Object}
 */
function getSidebarState() {
  const job = loadJson(KEY_JOB);
  const sheet = activeSpreadsheet().getActiveSheet();
  const settings = loadSettings();
  const header = headerRowOf(sheet, settings);
  return {
    sheetName: sheet.getName(),
    settings: settings,
    headerRow: header,
    job: job ? jobProgress(job) : null,
    undo: loadJson(KEY_UNDO),
    // The backend's words: roles, newsletter tools, sentence templates, what the score means.
    vocabulary: apiVocabulary(),
    headers: readShape(sheet, header.row).header,
    serviceAccount: serviceAccount(),
    errorCodes: ERROR_CODES,
  };
}

/**
 * Column roles: what the backend detects on the first rows, with the user's overrides on top.
 * @return {{columns: Array<Object>, sheetName: string, headerRow: {row: number, source: string}}}
 */
function detectColumns() {
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const header = headerRowOf(sheet, settings);
  const shape = requireData(readShape(sheet, header.row));
  const sample = readRows(sheet, shape.headerRow, 1, Math.min(shape.rows, DETECT_ROWS), shape.width);
  const options = cleanOptions(settings, shape.headerRow);
  options.roles = {};
  options.dedupe = false;
  const result = apiClean({ header: shape.header, rows: sample, options: options, dry_run: true });
  const columns = shape.header.map((header, index) => {
    const detected = result.roles[index] || null;
    const override = settings.roles[String(index)];
    return {
      index: index,
      header: header,
      detected: detected,
      role: override === undefined ? detected : override,
      overridden: override !== undefined,
    };
  });
  return { columns: columns, sheetName: sheet.getName(), headerRow: header };
}

/**
 * Stores the sidebar's options for this document.
 * @param {{country: string, phone_display: string, duplicates: string, roles: Object}} settings
 * @return {Object} the stored settings
 */
function saveSettings(settings) {
  const clean = {
    country: /^[A-Z]{2}$/.test(String(settings.country)) ? settings.country : DEFAULT_SETTINGS.country,
    phone_display:
      ['e164', 'national', 'international'].indexOf(settings.phone_display) >= 0
        ? settings.phone_display
        : DEFAULT_SETTINGS.phone_display,
    duplicates:
      ['flag', 'merge', 'off'].indexOf(settings.duplicates) >= 0 ? settings.duplicates : DEFAULT_SETTINGS.duplicates,
    roles: {},
    header_rows: Object.assign({}, loadSettings().header_rows),
  };
  Object.keys(settings.roles || {}).forEach((index) => {
    const role = settings.roles[index];
    if (role === null || apiVocabulary().roles.indexOf(role) >= 0) {
      clean.roles[String(Number(index))] = role;
    }
  });
  documentProperties().setProperty(KEY_SETTINGS, JSON.stringify(clean));
  return clean;
}

/**
 * Sets the sheet row that holds the column names of the active tab, or with null goes back to finding
 * it automatically (the last frozen row, else the first well-filled row). Stored per tab.
 * @param {number|string|null} row 1-based sheet row
 * @return {{row: number, source: string, headers: Array<string>}}
 */
function setHeaderRow(row) {
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const rows = Object.assign({}, settings.header_rows);
  if (row === null || row === '') {
    delete rows[sheet.getName()];
  } else {
    const parsed = parseHeaderRow(row, sheet.getLastRow());
    if (parsed === null) {
      throw rensaError(
        ERROR_CODES.REQUEST_INVALID,
        `The header row must be a row number from 1 to ${Math.max(1, sheet.getLastRow())}.`,
        { field: 'header_row' },
      );
    }
    rows[sheet.getName()] = parsed;
  }
  settings.header_rows = rows;
  documentProperties().setProperty(KEY_SETTINGS, JSON.stringify(settings));
  const header = headerRowOf(sheet, settings);
  return { row: header.row, source: header.source, headers: readShape(sheet, header.row).header };
}

/**
 * The free test wash: a dry run over the first rows, nothing is written or charged.
 * @return {Object} summary for the sidebar (see summarizeWash) plus usage
 */
function runTestWash() {
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const shape = requireData(readShape(sheet, headerRowOf(sheet, settings).row));
  const count = Math.min(shape.rows, TEST_WASH_MAX_ROWS);
  const rows = readRows(sheet, shape.headerRow, 1, count, shape.width);
  const result = apiClean({
    header: shape.header,
    rows: rows,
    options: cleanOptions(settings, shape.headerRow),
    dry_run: true,
  });
  const summary = summarizeWash(result, { rowsRead: shape.rows, rowsSent: count }, apiVocabulary());
  summary.headerRow = shape.headerRow;
  summary.usage = result.usage || null;
  return summary;
}

/**
 * Starts a clean of the active sheet: a free dry run over all rows finds duplicates across the whole
 * register, then the backup tab is written, then the job (chunks of rows) is stored so that
 * cleanNextChunk can run it, also after a stop.
 * @return {Object} job progress
 */
function startClean() {
  return withDocumentLock(startCleanLocked);
}

function startCleanLocked() {
  const running = loadJson(KEY_JOB);
  if (running && !running.done) {
    throw rensaError(
      ERROR_CODES.JOB_RUNNING,
      `A clean of "${running.sheetName}" is half done; resume it or cancel it first.`,
    );
  }
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const shape = requireData(readShape(sheet, headerRowOf(sheet, settings).row));
  const options = cleanOptions(settings, shape.headerRow);
  let plan = { status: {}, fills: {} };
  let dry = null;
  if (options.dedupe) {
    const rows = readRows(sheet, shape.headerRow, 1, shape.rows, shape.width);
    dry = apiClean({ header: shape.header, rows: rows, options: options, dry_run: true });
    plan = buildDuplicatePlan(dry, { merge: options.merge });
  }
  savePlan(plan);
  const backupName = writeBackup(sheet);
  documentProperties().setProperty(
    KEY_UNDO,
    JSON.stringify({ sheetName: sheet.getName(), backupName: backupName, createdAt: new Date().toISOString() }),
  );
  writeStatusHeader(sheet, shape.headerRow, shape.statusColumn);
  const chunkRows =
    Number(PropertiesService.getScriptProperties().getProperty('RENSA_CHUNK_ROWS')) || DEFAULT_CHUNK_ROWS;
  // Chunks are cleaned field by field only; duplicates come from the whole-register plan above.
  options.dedupe = false;
  options.merge = false;
  const job = {
    id: Utilities.getUuid(),
    sheetName: sheet.getName(),
    backupName: backupName,
    header: shape.header,
    headerRow: shape.headerRow,
    width: shape.width,
    statusColumn: shape.statusColumn,
    rows: shape.rows,
    chunkRows: chunkRows,
    chunks: planChunks(shape.rows, chunkRows).length,
    next: 0,
    done: false,
    options: options,
    totals: {
      written: 0,
      flagged: 0,
      conflicts: 0,
      formulas: 0,
      charged: 0,
      duplicates: dry ? dry.counts.duplicate_rows : 0,
      duplicateGroups: dry ? dry.counts.duplicate_groups : 0,
    },
    conflictCells: [],
    usage: null,
    startedAt: new Date().toISOString(),
  };
  saveJson(KEY_JOB, job);
  return jobProgress(job);
}

/**
 * Cleans and writes the next chunk of the stored job. Sends the chunk's idempotency key, so a chunk
 * whose run was cut off after the backend charged it is not charged again when it is re-run.
 * @return {Object} job progress (done: true after the last chunk)
 */
function cleanNextChunk() {
  return withDocumentLock(cleanNextChunkLocked);
}

function cleanNextChunkLocked() {
  const job = loadJson(KEY_JOB);
  if (!job || job.done) {
    throw rensaError(ERROR_CODES.NO_JOB, 'There is no clean to continue; start one with "Clean sheet".');
  }
  const sheet = sheetByName(job.sheetName, ERROR_CODES.SHEET_CHANGED);
  const backup = sheetByName(job.backupName, ERROR_CODES.NO_BACKUP);
  const header = readHeader(sheet, job.headerRow).slice(0, job.width);
  if (JSON.stringify(header) !== JSON.stringify(job.header)) {
    throw rensaError(
      ERROR_CODES.SHEET_CHANGED,
      'The column headers changed since the clean started; nothing more was written. Cancel and start again.',
    );
  }
  const chunk = planChunks(job.rows, job.chunkRows)[job.next];
  const original = readRows(backup, job.headerRow, chunk.first, chunk.count, job.width);
  const result = apiClean({
    header: job.header,
    rows: original,
    // This request's row 1 is the chunk's first row, so its "header" is the sheet row just above that.
    options: Object.assign({}, job.options, { header_row: job.headerRow + chunk.first - 1 }),
    dry_run: false,
    idempotency_key: chunkKey(job.id, chunk.index),
  });
  const plan = planChunkWrites({
    original: original,
    live: readRows(sheet, job.headerRow, chunk.first, chunk.count, job.width),
    formulas: readFormulas(sheet, job.headerRow, chunk.first, chunk.count, job.width),
    cleaned: result.rows,
    issues: result.issues,
    status: result.status,
    firstRow: chunk.first,
    headerRow: job.headerRow,
    duplicates: loadPlan(),
    vocabulary: apiVocabulary(),
  });
  writeChunk(sheet, plan, {
    headerRow: job.headerRow,
    first: chunk.first,
    count: chunk.count,
    width: job.width,
    statusColumn: job.statusColumn,
  });
  writeContactColumns(sheet, job, chunk, result.contact); // Suppression.gs: Ring ej, Posta ej, E-posta ej
  job.totals.written += plan.writes.length;
  job.totals.flagged += plan.flags.length;
  job.totals.conflicts += plan.conflicts.length;
  job.totals.formulas += plan.formulas.length;
  job.totals.charged += result.usage ? result.usage.rows_charged : 0;
  job.conflictCells = job.conflictCells
    .concat(conflictCells(plan.conflicts, job.headerRow + chunk.first, 20))
    .slice(0, 20);
  job.usage = result.usage || job.usage;
  job.next += 1;
  if (job.next >= job.chunks) {
    job.done = true;
    job.finishedAt = new Date().toISOString();
    savePlan({ status: {}, fills: {} });
  }
  saveJson(KEY_JOB, job);
  return jobProgress(job);
}

/**
 * Forgets an unfinished job. What was written stays; "Undo last clean" still restores the backup.
 * @return {null}
 */
function cancelClean() {
  return withDocumentLock(() => {
    documentProperties().deleteProperty(KEY_JOB);
    savePlan({ status: {}, fills: {} });
    return null;
  });
}

/**
 * Restores the sheet from the backup tab of the last clean and removes the backup.
 * @return {{sheetName: string}}
 */
function undoLastClean() {
  return withDocumentLock(undoLastCleanLocked);
}

function undoLastCleanLocked() {
  const undo = loadJson(KEY_UNDO);
  if (!undo) {
    throw rensaError(ERROR_CODES.NO_BACKUP, 'There is no clean to undo.');
  }
  restoreBackup(undo.sheetName, undo.backupName);
  const props = documentProperties();
  props.deleteProperty(KEY_UNDO);
  const job = loadJson(KEY_JOB);
  if (job && job.sheetName === undo.sheetName) {
    props.deleteProperty(KEY_JOB);
    savePlan({ status: {}, fills: {} });
  }
  return { sheetName: undo.sheetName };
}

/**
 * Rows used this month, free rows and credits left.
 * @return {Object}
 */
function getUsage() {
  return apiUsage();
}

/**
 * The newsletter tool connections of this tab, each with its event counts and recent bounce events.
 * @return {Array<Object>}
 */
function listConnections() {
  const register = findRegister(activeRegisterSheet().getName());
  if (!register) {
    return [];
  }
  return (apiListConnections().connections || [])
    .filter((c) => c.register_id === register.id)
    .map((c) => apiGetConnection(c.id));
}

/**
 * Connects a newsletter tool to this tab: registers the tab with Rensa (the spreadsheet must be shared
 * with Rensa's service account first), then creates the webhook; the answer carries the URL to paste.
 * @param {{provider: string, secret: string, emailColumn: string}} input
 * @return {Object}
 */
function createConnection(input) {
  const provider = apiVocabulary().providers.find((p) => p.name === input.provider);
  if (!provider) {
    throw rensaError(ERROR_CODES.REQUEST_INVALID, 'Pick a newsletter tool from the list.', { field: 'provider' });
  }
  const sheet = activeRegisterSheet();
  const headerRow = headerRowOf(sheet, loadSettings()).row;
  const header = readShape(sheet, headerRow).header;
  if (header.indexOf(input.emailColumn) < 0) {
    throw rensaError(ERROR_CODES.REQUEST_INVALID, 'Pick the column that holds the e-mail addresses.', {
      field: 'email_column',
    });
  }
  const secrets = {};
  const secretName = provider.secret;
  const secret = String(input.secret || '').trim();
  if (secretName && secret) {
    secrets[secretName] = secretName === 'allowed_topic_arns' ? secret.split(/[\s,]+/).filter(String) : secret;
  }
  let register = findRegister(sheet.getName());
  if (!register) {
    try {
      register = apiCreateRegister({
        spreadsheet_id: spreadsheetId(),
        sheet: sheet.getName(),
        header_row: headerRow,
        status_column: apiVocabulary().status_header,
      });
    } catch (e) {
      // Google answers "not found" as well as "no access" for a file the service account cannot see.
      const code = e.rensa ? e.rensa.code : '';
      if (code === ERROR_CODES.SHEETS_NO_ACCESS || code === ERROR_CODES.SHEETS_NOT_FOUND) {
        throw rensaError(
          code,
          `Rensa cannot open this spreadsheet yet. Share it with ${serviceAccount()} as Editor, then try again.`,
        );
      }
      throw e;
    }
  }
  const created = apiCreateConnection({
    provider: input.provider,
    register_id: register.id,
    email_column: input.emailColumn,
    secrets: secrets,
  });
  return Object.assign({}, created, { share_with: register.share_with || serviceAccount() });
}

/**
 * Marks a connection's waiting bounce events in the sheet now (the backend also does it on its own
 * schedule), then returns the connection with its events as listConnections does.
 * @param {string} id
 * @return {Object}
 */
function flushConnection(id) {
  apiFlushConnection(String(id));
  return apiGetConnection(String(id));
}

/**
 * Removes a connection; the newsletter tool's later calls are refused.
 * @param {string} id
 * @return {Object}
 */
function deleteConnection(id) {
  return apiDeleteConnection(String(id));
}

// ---- internals (not for the sidebar) -----------------------------------------------------------

/**
 * @return {GoogleAppsScript.Properties.Properties}
 */
function documentProperties() {
  return PropertiesService.getDocumentProperties();
}

function loadJson(key) {
  const text = documentProperties().getProperty(key);
  return text ? JSON.parse(text) : null;
}

function saveJson(key, value) {
  documentProperties().setProperty(key, JSON.stringify(value));
}

function loadSettings() {
  const stored = loadJson(KEY_SETTINGS) || {};
  return Object.assign({}, DEFAULT_SETTINGS, stored, {
    roles: stored.roles || {},
    header_rows: stored.header_rows || {},
  });
}

/**
 * The sheet row holding the column names: the person's choice for this tab, else the guess.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {Object} settings
 * @return {{row: number, source: string}} source: 'user', 'frozen' or 'first_row'
 */
function headerRowOf(sheet, settings) {
  const chosen = settings.header_rows[sheet.getName()];
  if (chosen) {
    return { row: Number(chosen), source: 'user' };
  }
  return guessHeaderRow(sheet);
}

/**
 * Runs fn holding the document lock, so a clean or undo never interleaves with another one in the same
 * spreadsheet; waits up to LOCK_WAIT_MS for it, then gives up with addon.busy.
 * @param {function(): *} fn
 * @return {*} what fn returns
 */
function withDocumentLock(fn) {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    throw rensaError(
      ERROR_CODES.BUSY,
      'Someone else is cleaning or undoing in this spreadsheet right now. Try again when they are done.',
    );
  }
  try {
    return fn();
  } finally {
    lock.releaseLock();
  }
}

/**
 * The options object of POST /v1/clean for the stored settings; header_row makes the backend's
 * sentences name sheet rows (what the user sees at the left of the sheet).
 * @param {Object} settings
 * @param {number} headerRow
 * @return {Object}
 */
function cleanOptions(settings, headerRow) {
  return {
    header_row: headerRow,
    country: settings.country,
    phone_display: settings.phone_display,
    dedupe: settings.duplicates !== 'off',
    merge: settings.duplicates === 'merge',
    roles: Object.assign({}, settings.roles),
  };
}

/**
 * Rensa's service account, which the spreadsheet is shared with so bounces can be written into it.
 * @return {string}
 */
function serviceAccount() {
  return PropertiesService.getScriptProperties().getProperty('RENSA_SERVICE_ACCOUNT') || DEFAULT_SERVICE_ACCOUNT;
}

/**
 * This spreadsheet's tab as a connected register on the backend, or null.
 * @param {string} sheetName
 * @return {Object}
 */
function findRegister(sheetName) {
  const id = spreadsheetId();
  const registers = apiListRegisters().registers || [];
  return registers.find((r) => r.spreadsheet_id === id && r.sheet === sheetName) || null;
}

function requireData(shape) {
  if (shape.width < 1 || shape.rows < 1) {
    throw rensaError(ERROR_CODES.NO_DATA, 'This tab has no data under a header row.');
  }
  return shape;
}

/**
 * Stores the duplicate plan in pieces (a property value holds at most 9 kB, all of them 500 kB).
 * @param {{status: Object, fills: Object}} plan
 */
function savePlan(plan) {
  const props = documentProperties();
  const old = Number(props.getProperty(`${KEY_PLAN}count`) || 0);
  for (let i = 0; i < old; i += 1) {
    props.deleteProperty(KEY_PLAN + i);
  }
  const pieces = splitText(JSON.stringify(plan), PLAN_PIECE);
  if (pieces.length > PLAN_MAX_PIECES) {
    props.setProperty(`${KEY_PLAN}count`, '0');
    throw rensaError(
      ERROR_CODES.TOO_MANY_DUPLICATES,
      'This register has too many duplicates to mark in one go from the sheet; clean it with the Rensa CLI or API.',
    );
  }
  /** @type {Object<string, string>} */
  const values = {};
  pieces.forEach((piece, i) => {
    values[KEY_PLAN + i] = piece;
  });
  values[`${KEY_PLAN}count`] = String(pieces.length);
  props.setProperties(values);
}

function loadPlan() {
  const props = documentProperties();
  const count = Number(props.getProperty(`${KEY_PLAN}count`) || 0);
  if (!count) {
    return { status: {}, fills: {} };
  }
  let text = '';
  for (let i = 0; i < count; i += 1) {
    text += props.getProperty(KEY_PLAN + i) || '';
  }
  return JSON.parse(text);
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
    chunks: job.chunks,
    next: job.next,
    done: job.done,
    rowsDone: Math.min(job.rows, job.next * job.chunkRows),
    totals: job.totals,
    conflictCells: job.conflictCells,
    usage: job.usage,
  };
}

// ---- teams and billing (issue 13) -------------------------------------------------------------

/**
 * The team this sidebar acts on: members (with their status), the caller's role and every team they are in.
 * A choice of a team the person was removed from is forgotten, so the sidebar falls back to their own team.
 * @return {Object}
 */
function getTeam() {
  const chosen = chosenTeam();
  try {
    return apiTeam();
  } catch (e) {
    if (chosen && e.rensa?.code === ERROR_CODES.TEAM_NOT_MEMBER) {
      // Removed from the chosen team: apiRequest forgot the choice, so this is the person's own team.
      return Object.assign(apiTeam(), { left_team: chosen });
    }
    throw e;
  }
}

/**
 * Act on another team the user is in (every later call sends it as X-Rensa-Team).
 * @param {string} accountId '' for the default team
 * @return {Object} the chosen team
 */
function chooseTeam(accountId) {
  const props = PropertiesService.getUserProperties();
  const previous = chosenTeam();
  if (accountId) {
    props.setProperty(KEY_TEAM, String(accountId));
  } else {
    props.deleteProperty(KEY_TEAM);
  }
  try {
    return apiTeam();
  } catch (e) {
    if (previous) {
      props.setProperty(KEY_TEAM, previous);
    } else {
      props.deleteProperty(KEY_TEAM);
    }
    throw e;
  }
}

/**
 * Join a team that invited this user's Google address; the sidebar then works for that team.
 * @param {string} accountId
 * @return {Object} the team joined
 */
function acceptInvitation(accountId) {
  const team = apiAcceptInvitation(accountId);
  PropertiesService.getUserProperties().setProperty(KEY_TEAM, team.account_id);
  return team;
}

/**
 * Invite a colleague to the team by the Google address they sign in with.
 * @param {string} email
 * @return {Object} the invitation
 */
function inviteMember(email) {
  return apiInviteMember({ email: String(email || '').trim() });
}

/**
 * Remove a member (or withdraw an invitation).
 * @param {string} id
 * @return {Object}
 */
function removeMember(id) {
  return apiRemoveMember(id);
}

/**
 * A Stripe Checkout page for a credit pack, the rows a clean needs, or paying monthly.
 * @param {{pack?: string, credits?: number, mode?: string}} choice
 * @return {{url: string, session_id: string}}
 */
function buyCredits(choice) {
  const body = {};
  if (choice?.mode === 'monthly') {
    body.mode = 'monthly';
  } else if (choice?.pack) {
    body.pack = String(choice.pack);
  } else if (choice?.credits) {
    body.credits = Math.max(1, Math.ceil(Number(choice.credits)));
  }
  return apiCheckout(body);
}

/**
 * Stripe's billing portal (invoices, receipts, the card) for the team.
 * @return {{url: string}}
 */
function openBillingPortal() {
  return apiBillingPortal();
}

/**
 * This tab's upkeep: the schedule (null when off or not connected), what a run does and may cost, and the
 * quality history (numbers only) with its "since the last run" sentence.
 * @return {{connected: boolean, upkeep: Object, whatItDoes: string, points: Array<Object>, sinceLast: string,
 *   serviceAccount: string}}
 */
function getUpkeep() {
  const register = findRegister(activeRegisterSheet().getName());
  if (!register) {
    return {
      connected: false,
      upkeep: null,
      whatItDoes: '',
      points: [],
      sinceLast: '',
      serviceAccount: serviceAccount(),
    };
  }
  const schedule = apiUpkeep('get', register.id);
  const history = apiHistory(register.id);
  return {
    connected: true,
    upkeep: schedule.upkeep,
    whatItDoes: schedule.what_it_does,
    points: history.points,
    sinceLast: history.since_last,
    serviceAccount: serviceAccount(),
  };
}

/**
 * Turns upkeep on (weekly or monthly, on a day) or off for this tab. The tab is connected as a register
 * first when it is not (the spreadsheet must be shared with the service account, as for bounces).
 * @param {{frequency: string, day: number}} choice
 * @return {Object} what getUpkeep() returns
 */
function setUpkeep(choice) {
  const sheet = activeRegisterSheet();
  let register = findRegister(sheet.getName());
  if (choice.frequency === 'off') {
    if (register) {
      apiUpkeep('delete', register.id);
    }
    return getUpkeep();
  }
  if (!register) {
    try {
      register = apiCreateRegister({
        spreadsheet_id: spreadsheetId(),
        sheet: sheet.getName(),
        header_row: headerRowOf(sheet, loadSettings()).row,
        status_column: apiVocabulary().status_header,
      });
    } catch (e) {
      const code = e.rensa ? e.rensa.code : '';
      if (code === ERROR_CODES.SHEETS_NO_ACCESS || code === ERROR_CODES.SHEETS_NOT_FOUND) {
        throw rensaError(
          code,
          `Rensa cannot open this spreadsheet yet. Share it with ${serviceAccount()} as Editor, then try again.`,
        );
      }
      throw e;
    }
  }
  apiUpkeep('put', register.id, { frequency: choice.frequency, day: Number(choice.day) || 1 });
  return getUpkeep();
}

/**
 * One upkeep run of this tab now, charged like a scheduled run (the tab must be connected).
 * @return {Object} what getUpkeep() returns
 */
function runUpkeepNow() {
  const register = findRegister(activeRegisterSheet().getName());
  if (!register) {
    throw rensaError(ERROR_CODES.REQUEST_INVALID, 'Turn upkeep on first: it connects this tab to Rensa.');
  }
  apiUpkeepRun(register.id);
  return getUpkeep();
}
