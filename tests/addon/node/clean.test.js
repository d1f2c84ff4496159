// The add-on's .gs code end to end under Node: in-memory Sheets, real HTTP to the real local functions
// server (tests/fakes/stack.py). Chunked clean, duplicates across chunks, conflicts, a stop half way
// and its resume without double charge, undo.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { useStack, backendVocabulary } = require('../fakes/stack.js');
const { HEADER, ROWS, register } = require('../fixtures.js');

const stack = useStack();

const plain = (value) => JSON.parse(JSON.stringify(value));

function runtime(spreadsheet, properties, token) {
  const gas = loadAddon({
    spreadsheet: spreadsheet,
    apiUrl: stack.apiUrl,
    token: token === undefined ? stack.info.token : token,
    properties: properties,
  });
  return gas;
}

/** The sidebar's loop: start, then one chunk per call until done. */
function cleanAll(gs) {
  let job = gs.startClean();
  while (!job.done) {
    job = gs.cleanNextChunk();
  }
  return plain(job);
}

/** The fixture as Sheets shows it after typing it in (digits-only cells became numbers). */
function typedRegister() {
  return spreadsheetWith('x', register(), { typed: true }).getSheets()[0].getDataRange().getDisplayValues();
}

/** The backup tabs of a register tab ("Rensa backup: Kunder 2026-12-01 21:03 UTC"), oldest first. */
function backupsOf(ss, name) {
  return ss.getSheets().filter((s) => s.getName().startsWith(`Rensa backup: ${name} `));
}

function usage(gs) {
  return plain(gs.getUsage());
}

function cleanKeys(calls) {
  return calls.filter((c) => c.url.endsWith('/v1/clean') && c.body.idempotency_key).map((c) => c.body.idempotency_key);
}

test('onOpen builds the add-on menu; the sidebar template renders with its includes', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  gas.context.onOpen({ authMode: 'NONE' });
  assert.deepEqual(
    gas.ui.menu.filter((item) => !item.separator).map((item) => item.caption),
    [
      'Clean sheet',
      'Test wash (free)',
      'Connect newsletter tool',
      'Undo last clean',
      'Usage and credits',
      'Team',
      'Keep this sheet clean',
    ],
  );
  for (const item of gas.ui.menu.filter((i) => !i.separator)) {
    assert.equal(typeof gas.context[item.fn], 'function', item.fn);
  }
  gas.context.showTestWashSidebar();
  const html = gas.ui.sidebar.getContent();
  assert.equal(gas.ui.sidebar.getTitle(), 'Rensa');
  assert.match(html, /<body data-view="wash">/);
  assert.match(html, /<style>/);
  assert.match(html, /google\.script\.run/);
  assert.doesNotMatch(html, /<\?/);
});

test('detectColumns asks the backend for roles and applies the saved overrides', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  const gs = gas.context;
  const detected = plain(gs.detectColumns()).columns;
  assert.deepEqual(
    detected.map((c) => c.header),
    HEADER,
  );
  const byHeader = Object.fromEntries(detected.map((c) => [c.header, c.role]));
  assert.equal(byHeader['E-post'], 'email');
  assert.equal(byHeader.Telefon, 'phone');
  assert.equal(byHeader.Postnummer, 'postal_code');
  assert.equal(gas.calls.find((c) => c.body).body.dry_run, true);
  gs.saveSettings({ country: 'SE', phone_display: 'e164', duplicates: 'flag', roles: { 5: null, 4: 'city' } });
  const again = plain(gs.detectColumns()).columns;
  assert.equal(again[5].role, null);
  assert.equal(again[5].overridden, true);
  assert.equal(again[4].role, 'city');
});

test('the test wash is free and changes nothing in the sheet', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gs = runtime(ss).context;
  const before = usage(gs);
  const summary = plain(gs.runTestWash());
  assert.equal(summary.rowsRead, ROWS.length);
  assert.ok(summary.scoreAfter >= summary.scoreBefore, JSON.stringify(summary));
  assert.ok(summary.counts.cells_changed > 0);
  assert.ok(summary.columns.some((c) => c.role === 'email'));
  assert.ok(
    summary.columns.every((c) => c.role),
    'columns Rensa leaves alone are not charted',
  );
  assert.equal(summary.usage.rows_charged, 0);
  // The sidebar shows the backend's sentences and counts as they are: the duplicate count and its words agree.
  const sentences = backendVocabulary().sentences;
  assert.equal(summary.counts.duplicate_rows, 1);
  assert.ok(summary.lines.includes(sentences['count.duplicates.one'].replace('{n}', '1').replace('{groups}', '1')));
  const duplicate = summary.problems.find((p) => p.code === 'row.duplicate');
  assert.deepEqual(duplicate, { code: 'row.duplicate', count: 1, label: sentences['problem.row.duplicate'] });
  assert.equal(summary.meaning, backendVocabulary().score_meaning);
  assert.deepEqual(usage(gs).rows_this_period, before.rows_this_period);
  assert.deepEqual(ss.getSheetByName('Kunder').getDataRange().getDisplayValues(), register());
  assert.equal(ss.getSheets().length, 1);
});

test('a chunked clean writes changed cells as text, flags problems, marks duplicates across chunks', () => {
  // Typed in by hand: Sheets turned the phone numbers without spaces into numbers.
  const ss = spreadsheetWith('Kunder', register(), { typed: true });
  const gas = runtime(ss);
  const gs = gas.context;
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '3');
  const before = usage(gs);
  const job = cleanAll(gs);
  const sheet = ss.getSheetByName('Kunder');

  assert.equal(job.chunks, 4);
  assert.equal(job.rowsDone, ROWS.length);
  assert.deepEqual(
    cleanKeys(gas.calls),
    [0, 1, 2, 3].map((i) => `${job.id}:${i}`),
  );
  // Billing: every row once.
  assert.equal(usage(gs).rows_this_period - before.rows_this_period, ROWS.length);
  assert.equal(job.totals.charged, ROWS.length);

  // The backup tab holds the sheet as it was, hidden.
  const [backup] = backupsOf(ss, 'Kunder');
  assert.ok(backup.isSheetHidden());
  assert.deepEqual(backup.getDataRange().getDisplayValues(), typedRegister());
  // The fingerprints of the rows sit in the hidden "Rensa check" column right of the status.
  assert.equal(sheet.getRange(1, 8).getValue(), 'Rensa check');
  assert.ok(sheet.isColumnHiddenByUser(8));
  assert.match(sheet.getRange(2, 8).getValue(), /^r1\.[\w-]{4}\.[\w-]{8}\.[\w-]{24}$/);

  // Phones became E.164 and stay text (a plain cell would have turned "+46..." into a number).
  const phone = sheet.getRange('C2');
  assert.equal(phone.getValue(), '+46701234567');
  assert.equal(phone.getNumberFormats()[0][0], '@');
  // Cells the backend did not change were not touched (format unchanged).
  assert.equal(sheet.getRange('F2').getNumberFormats()[0][0], '');
  assert.equal(sheet.getRange('F2').getValue(), 'K-1001');

  // Status column, duplicates across chunks (data rows 1 and 8 are in chunks 0 and 2).
  assert.equal(sheet.getRange(1, 7).getValue(), 'Rensa status');
  const status = sheet
    .getRange(2, 7, ROWS.length, 1)
    .getDisplayValues()
    .map((r) => r[0]);
  // The backend's row notes, as the CLI writes them: sheet rows, the row kept says which rows repeat it.
  assert.match(status[7], /^Duplicate of row 2 \(/);
  assert.match(status[0], /^Row 9 is a duplicate of this row\./);
  assert.equal(job.totals.duplicates, 1);

  // The invalid e-mail (no dot in the domain) is flagged with a colour and a Rensa note.
  const email = sheet.getRange('B4');
  assert.notEqual(email.getBackgrounds()[0][0], '#ffffff');
  assert.match(email.getNotes()[0][0], /^Rensa: /);
  assert.ok(job.totals.flagged >= 1);
  assert.equal(job.totals.conflicts, 0);
});

test('an edit made while the clean runs is kept and reported', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  const gs = gas.context;
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '3');
  gs.startClean();
  assert.equal(plain(gs.cleanNextChunk()).phase, 'chunks'); // the duplicate pass
  gs.cleanNextChunk();
  // Someone fixes Bo's e-mail by hand in row 3 (chunk 0, already written) and Eva's phone in row 6
  // (chunk 1, not yet cleaned): only the second one races with the clean.
  const sheet = ss.getSheetByName('Kunder');
  sheet.getRange('B3').setValue('bo@berg.se');
  sheet.getRange('C6').setValue('073-111 22 34');
  let job = plain(gs.cleanNextChunk());
  while (!job.done) {
    job = plain(gs.cleanNextChunk());
  }
  assert.equal(sheet.getRange('C6').getDisplayValue(), '073-111 22 34');
  assert.equal(sheet.getRange('B3').getDisplayValue(), 'bo@berg.se');
  assert.equal(job.totals.conflicts, 1);
  assert.deepEqual(job.conflictCells, ['C6']);
  assert.match(sheet.getRange('G6').getDisplayValue(), /Kept your edit in C6\./);
  // Its neighbours were still cleaned.
  assert.equal(sheet.getRange('C5').getValue(), '+46701234599');
});

test('a clean stopped half way resumes in a new execution without redoing or double-charging rows', () => {
  const ss = spreadsheetWith('Kunder', register());
  const first = runtime(ss);
  first.properties.script.setProperty('RENSA_CHUNK_ROWS', '3');
  const before = usage(first.context);
  first.context.startClean();
  first.context.cleanNextChunk(); // the duplicate pass
  first.context.cleanNextChunk();
  // The second chunk's execution is killed (6-minute limit) after the backend charged it, while writing.
  ss.onWrite = (what) => {
    if (what === 'setValues') {
      throw new Error('Exceeded maximum execution time');
    }
  };
  assert.throws(() => first.context.cleanNextChunk(), /Exceeded maximum execution time/);
  ss.onWrite = null;

  // A new execution (sidebar reopened) on the same document and properties.
  const second = runtime(ss, first.properties);
  const state = plain(second.context.getSidebarState());
  assert.equal(state.job.done, false);
  assert.equal(state.job.next, 1);
  assert.equal(state.job.rowsDone, 3);
  let job = plain(second.context.cleanNextChunk());
  while (!job.done) {
    job = plain(second.context.cleanNextChunk());
  }
  const keys = cleanKeys(first.calls).concat(cleanKeys(second.calls));
  assert.deepEqual(keys, [`${job.id}:0`, `${job.id}:1`, `${job.id}:1`, `${job.id}:2`, `${job.id}:3`]);
  // The repeated chunk was not charged again.
  assert.equal(usage(second.context).rows_this_period - before.rows_this_period, ROWS.length);
  const replay = second.calls.find((c) => c.body && c.body.idempotency_key === `${job.id}:1`);
  assert.equal(JSON.parse(replay.reply.body).usage.rows_charged, 0);
  // And the result is the same as an uninterrupted clean.
  const sheet = ss.getSheetByName('Kunder');
  assert.equal(sheet.getRange('C5').getValue(), '+46701234599');
  assert.equal(job.totals.conflicts, 0);
});

test('undo restores values, formats, notes and removes the status column and the backup', () => {
  const rows = typedRegister();
  const ss = spreadsheetWith('Kunder', register(), { typed: true });
  const sheet = ss.getSheetByName('Kunder');
  sheet.getRange('A2').setNote('VIP');
  sheet.getRange('A3').setBackground('#00ff00');
  const gas = runtime(ss);
  const gs = gas.context;
  cleanAll(gs);
  assert.notDeepEqual(sheet.getDataRange().getDisplayValues(), rows);
  assert.equal(plain(gs.undoLastClean()).sheetName, 'Kunder');
  assert.deepEqual(sheet.getDataRange().getDisplayValues(), rows);
  assert.equal(sheet.getRange('A2').getNotes()[0][0], 'VIP');
  assert.equal(sheet.getRange('A3').getBackgrounds()[0][0], '#00ff00');
  assert.equal(sheet.getRange('B4').getNotes()[0][0], '');
  assert.equal(sheet.getRange('C2').getNumberFormats()[0][0], '');
  assert.deepEqual(backupsOf(ss, 'Kunder'), []);
  assert.equal(plain(gs.getSidebarState()).undo, null);
  assert.throws(
    () => gs.undoLastClean(),
    (e) => JSON.parse(e.message).code === 'addon.no_backup',
  );
});

test('the menu undo asks first and does nothing on No', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  cleanAll(gas.context);
  const cleaned = ss.getSheetByName('Kunder').getDataRange().getDisplayValues();
  gas.ui.alertAnswer = 'NO';
  gas.context.menuUndoLastClean();
  assert.deepEqual(ss.getSheetByName('Kunder').getDataRange().getDisplayValues(), cleaned);
  gas.ui.alertAnswer = 'YES';
  gas.context.menuUndoLastClean();
  assert.deepEqual(ss.getSheetByName('Kunder').getDataRange().getDisplayValues(), register());
  assert.match(gas.ui.alerts.at(-1).message, /back as it was/);
});

test('a formula cell is never overwritten', () => {
  const ss = spreadsheetWith('Kunder', register());
  const sheet = ss.getSheetByName('Kunder');
  sheet.getRange('B11').fakeFormula('=UPPER("ida@isaksson.se ")', 'IDA@ISAKSSON.SE ');
  const gs = runtime(ss).context;
  const job = cleanAll(gs);
  assert.equal(sheet.getRange('B11').getFormulas()[0][0], '=UPPER("ida@isaksson.se ")');
  assert.ok(job.totals.formulas >= 1, JSON.stringify(job.totals));
});

test('backend errors reach the sidebar as {code, message}; a second start is refused while one runs', () => {
  const ss = spreadsheetWith('Kunder', register());
  const bad = runtime(ss, undefined, 'not-a-token').context;
  assert.throws(
    () => bad.runTestWash(),
    (e) => {
      const body = JSON.parse(e.message);
      return body.code.startsWith('auth.') && body.message.length > 0;
    },
  );
  const gas = runtime(ss);
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '3');
  gas.context.startClean();
  assert.throws(
    () => gas.context.startClean(),
    (e) => JSON.parse(e.message).code === 'addon.job_running',
  );
  gas.context.cancelClean();
  assert.equal(plain(gas.context.getSidebarState()).job, null);
  const empty = spreadsheetWith('Tom', [['Namn']]);
  assert.throws(
    () => runtime(empty).context.runTestWash(),
    (e) => JSON.parse(e.message).code === 'addon.no_data',
  );
});
