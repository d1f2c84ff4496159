/**
 * Server.gs: the ONLY functions the sidebar may call (google.script.run.<name>):
 *
 *   getSidebarState()          settings, running job, undo info, error codes, the backend's vocabulary
 *   detectColumns()            column roles from a free dry run over the first rows
 *   saveSettings(settings)     phone format, duplicates (flag|merge|off), country, role overrides
 *   setHeaderRow(row)          the sheet row holding the column names (null: found automatically)
 *   runTestWash()              free dry run: quality before/after per column, problems, duplicates
 *   quoteClean()               the price before the work: rows to clean, unchanged rows, money, balance after
 *   startClean(choice)         reserves the job's rows, backup tab, roles fixed; {limitRows} cleans the first N
 *   cleanNextChunk()           the duplicate pass once, then one chunk per call until done (resumes after a stop)
 *   cancelClean()              ends an unfinished job, releases its unused rows (the backup and undo stay)
 *   undoCheck()                cells edited since the latest clean, before Undo overwrites them
 *   undoLastClean(choice)      restores the state before the latest clean ({keepEdits, confirmed})
 *   listBackups()              the backups of this spreadsheet, newest first
 *   discardBackup(id)          deletes one backup tab
 *   getConnectSetup()          the tools with the secret each needs in words, and the detected e-mail column
 *   saveConnectionSecret(id, secret) pastes a tool's secret that exists only after the webhook
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
 *   setLanguage(language, view)  the sidebar's language (en, sv, nb, da, fi; '' = the account's), reopens it
 *
 * startClean, cleanNextChunk, cancelClean, undoLastClean and discardBackup hold the document lock (LockService) while
 * they run, so two people (or two open sidebars) never write to the same spreadsheet at once.
 *
 * Errors reach the sidebar's failure handler as an Error whose message is the JSON of
 * {code, message, row, field} (see ErrorCodes.gs).
 */

/** A test wash and the role detection look at this many rows at most. */
const TEST_WASH_MAX_ROWS = 5000;
const DETECT_ROWS = 200;

const DEFAULT_SETTINGS = { country: 'SE', phone_display: 'e164', duplicates: 'flag', roles: {}, header_rows: {} };

/** How long a clean or undo waits for another one in the same spreadsheet to finish. */
const LOCK_WAIT_MS = 20000;

/** Used when the script property RENSA_SERVICE_ACCOUNT is not set. */
const DEFAULT_SERVICE_ACCOUNT = 'rensa-sheets@rensa-app.iam.gserviceaccount.com';

const KEY_SETTINGS = 'rensa.settings';

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
    undo: latestBackup(sheet.getName()),
    lastClean: lastCleanOf(sheet.getName()),
    backups: listBackups(),
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
        t_('The header row must be a row number from 1 to {last_row}.', { last_row: Math.max(1, sheet.getLastRow()) }),
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

// startClean, cleanNextChunk, cancelClean, undoCheck, undoLastClean, listBackups, discardBackup and
// quoteClean live in Clean.gs (the clean flow, issue 12).

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
    throw rensaError(ERROR_CODES.REQUEST_INVALID, t_('Pick a newsletter tool from the list.'), { field: 'provider' });
  }
  const sheet = activeRegisterSheet();
  const headerRow = headerRowOf(sheet, loadSettings()).row;
  const header = readShape(sheet, headerRow).header;
  // No column picked: the e-mail column Rensa finds (never just the first column).
  const emailColumn = input.emailColumn || detectEmailColumn().header;
  if (!emailColumn || header.indexOf(emailColumn) < 0) {
    throw rensaError(ERROR_CODES.REQUEST_INVALID, t_('Pick the column that holds the e-mail addresses.'), {
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
          t_('Rensa cannot open this spreadsheet yet. Share it with {account} as Editor, then try again.', {
            account: serviceAccount(),
          }),
        );
      }
      throw e;
    }
  }
  // require_secrets: a tool whose signing secret exists before the webhook is refused without it, in words.
  const created = apiCreateConnection({
    provider: input.provider,
    register_id: register.id,
    email_column: emailColumn,
    secrets: secrets,
    require_secrets: true,
  });
  return Object.assign({}, created, { share_with: register.share_with || serviceAccount() });
}

/**
 * What the Newsletter tab needs: the tools with the secret each one signs with (in the user's words, from
 * the backend), and the tab's e-mail column as Rensa detects it (or as the user set its role).
 * @return {{providers: Array<Object>, emailColumn: {header: (string|null), how: string}}}
 */
function getConnectSetup() {
  const known = apiVocabulary().providers.map((p) => p.name);
  const providers = (apiProviders().providers || []).filter((p) => known.indexOf(p.provider) >= 0);
  return { providers: providers, emailColumn: detectEmailColumn() };
}

/**
 * The tab's e-mail column: the one whose role the user set to e-mail, else the one the backend detects on
 * the first rows (a free dry run), else none.
 * @return {{header: (string|null), how: string}} how: 'set' | 'detected' | 'none'
 */
function detectEmailColumn() {
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const shape = readShape(sheet, headerRowOf(sheet, settings).row);
  const chosen = Object.keys(settings.roles).find((index) => settings.roles[index] === 'email');
  if (chosen !== undefined && shape.header[Number(chosen)]) {
    return { header: shape.header[Number(chosen)], how: 'set' };
  }
  if (shape.rows < 1 || shape.width < 1) {
    return { header: null, how: 'none' };
  }
  const detected = detectColumns().columns.find((c) => c.role === 'email');
  return detected ? { header: detected.header, how: 'detected' } : { header: null, how: 'none' };
}

/**
 * Pastes the secret of a tool whose secret exists only once the webhook URL is saved there (Mandrill,
 * MailerLite); the connection counts as connected from then on.
 * @param {string} id
 * @param {string} secret
 * @return {Object} the connection as listConnections shows it
 */
function saveConnectionSecret(id, secret) {
  const connection = apiGetConnection(String(id));
  const provider = apiVocabulary().providers.find((p) => p.name === connection.provider);
  const name = provider ? provider.secret : null;
  const value = String(secret || '').trim();
  if (!name || !value) {
    throw rensaError(ERROR_CODES.REQUEST_INVALID, t_('Paste the secret from the tool first.'), { field: 'secret' });
  }
  apiSetConnectionSecrets(String(id), { [name]: name === 'allowed_topic_arns' ? value.split(/[\s,]+/) : value });
  return apiGetConnection(String(id));
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
      t_('Someone else is cleaning or undoing in this spreadsheet right now. Try again when they are done.'),
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
    language: userLanguage(), // the API's messages and status sentences in the sidebar's language
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
    throw rensaError(ERROR_CODES.NO_DATA, t_('This tab has no data under a header row.'));
  }
  return shape;
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
          t_('Rensa cannot open this spreadsheet yet. Share it with {account} as Editor, then try again.', {
            account: serviceAccount(),
          }),
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
    throw rensaError(ERROR_CODES.REQUEST_INVALID, t_('Turn upkeep on first: it connects this tab to Rensa.'));
  }
  apiUpkeepRun(register.id);
  return getUpkeep();
}
