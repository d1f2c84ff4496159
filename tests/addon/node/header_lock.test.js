// The header row off row 1 (a title above it, or frozen rows), set by the person when the guess is
// wrong; and the document lock that keeps two cleans or an undo from writing at the same time. Against
// the real local server (tests/fakes/stack.py).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon, documentLocks } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { useStack } = require('../fakes/stack.js');
const { HEADER, ROWS, register } = require('../fixtures.js');

const stack = useStack();

const plain = (value) => JSON.parse(JSON.stringify(value));

/** The fixture under a title line and a blank row: the column names are on sheet row 3. */
function titled() {
  const width = HEADER.length;
  const title = ['Kundregister 2024'].concat(Array(width - 1).fill(''));
  return [title, Array(width).fill('')].concat(register());
}

function runtime(ss, options) {
  const gas = loadAddon(
    Object.assign({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token }, options || {}),
  );
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '3');
  return gas;
}

function cleanAll(gs) {
  let job = gs.startClean();
  while (!job.done) {
    job = gs.cleanNextChunk();
  }
  return plain(job);
}

function statusColumn(sheet, firstRow) {
  return sheet
    .getRange(firstRow, HEADER.length + 1, ROWS.length, 1)
    .getDisplayValues()
    .map((r) => r[0]);
}

test('the header row is the last frozen row, else the first well-filled row; the person can set it', () => {
  const ss = spreadsheetWith('Kunder', titled());
  const sheet = ss.getSheetByName('Kunder');
  const gs = runtime(ss).context;
  let state = plain(gs.getSidebarState());
  assert.deepEqual(state.headerRow, { row: 3, source: 'first_row' });
  assert.deepEqual(state.headers, HEADER);

  sheet.setFrozenRows(3);
  assert.deepEqual(plain(gs.getSidebarState()).headerRow, { row: 3, source: 'frozen' });
  sheet.setFrozenRows(0);

  // Wrong on purpose, then corrected back; an impossible row is refused with the field named.
  const set = plain(gs.setHeaderRow('4'));
  assert.deepEqual([set.row, set.source], [4, 'user']);
  assert.deepEqual(set.headers, ROWS[0]);
  assert.throws(
    () => gs.setHeaderRow('99'),
    (e) => JSON.parse(e.message).field === 'header_row' && /from 1 to 13/.test(JSON.parse(e.message).message),
  );
  assert.equal(plain(gs.getSidebarState()).headerRow.row, 4);
  const auto = plain(gs.setHeaderRow(null));
  assert.deepEqual([auto.row, auto.source], [3, 'first_row']);
  // Other settings survive setting the header row, and the header row survives saving settings.
  gs.setHeaderRow(3);
  gs.saveSettings({ country: 'NO', phone_display: 'e164', duplicates: 'flag', roles: {} });
  state = plain(gs.getSidebarState());
  assert.equal(state.settings.country, 'NO');
  assert.deepEqual(state.headerRow, { row: 3, source: 'user' });
});

test('a register whose header is on row 3: columns, clean, duplicates by sheet row, undo', () => {
  const ss = spreadsheetWith('Kunder', titled());
  const sheet = ss.getSheetByName('Kunder');
  const gas = runtime(ss);
  const gs = gas.context;
  const columns = plain(gs.detectColumns());
  assert.deepEqual(
    columns.columns.map((c) => c.header),
    HEADER,
  );
  assert.equal(columns.headerRow.row, 3);
  // The requests carry the column names of row 3 and data from row 4 on, never the title.
  const first = gas.calls.find((c) => c.body);
  assert.deepEqual(first.body.header, HEADER);
  assert.deepEqual(first.body.rows[0], ROWS[0]);

  // The free test wash sends the header row, so the backend's notes name sheet rows.
  const wash = plain(gs.runTestWash());
  assert.equal(wash.counts.duplicate_rows, 1);
  assert.equal(gas.calls.at(-1).body.options.header_row, 3);

  const job = cleanAll(gs);
  assert.equal(job.rows, ROWS.length);
  assert.equal(job.headerRow, 3);
  // Each chunk tells the backend where its rows sit: chunk k starts at sheet row 4 + 3k.
  assert.deepEqual(
    gas.calls.filter((c) => c.body?.idempotency_key).map((c) => c.body.options.header_row),
    [3, 6, 9, 12],
  );
  // The title and the blank row are untouched; the status header sits in the header row.
  assert.deepEqual(sheet.getRange(1, 1, 2, HEADER.length + 1).getDisplayValues(), [
    ['Kundregister 2024', '', '', '', '', '', ''],
    ['', '', '', '', '', '', ''],
  ]);
  assert.equal(sheet.getRange(3, HEADER.length + 1).getValue(), 'Rensa status');
  // Anna's phone on sheet row 4 was cleaned; data rows 1 and 8 (sheet rows 4 and 11) are duplicates.
  assert.equal(sheet.getRange('C4').getValue(), '+46701234567');
  const status = statusColumn(sheet, 4);
  assert.match(status[7], /^Duplicate of row 4 \(/);
  assert.match(status[0], /^Row 11 is a duplicate of this row\./);
  // The invalid e-mail of data row 3 is flagged on sheet row 6.
  assert.match(sheet.getRange('B6').getNotes()[0][0], /^Rensa: /);

  gs.undoLastClean();
  assert.deepEqual(sheet.getDataRange().getDisplayValues(), titled());
});

test('a clean waits for the document lock and gives up with addon.busy if it stays taken', () => {
  const ss = spreadsheetWith('Kunder', register());
  const locks = documentLocks(ss);
  const anna = runtime(ss, { name: 'anna' });
  const bo = runtime(ss, { name: 'bo', properties: anna.properties });
  // Anna's execution holds the lock (her clean is writing); Bo starts one.
  const held = anna.context.LockService.getDocumentLock();
  assert.equal(held.tryLock(1000), true);
  assert.throws(
    () => bo.context.startClean(),
    (e) => JSON.parse(e.message).code === 'addon.busy',
  );
  assert.equal(locks.waits.at(-1).timeout, 20000);
  assert.equal(locks.waits.at(-1).execution.name, 'bo');
  // Nothing was started or written: no backup tab, no stored job, no request sent.
  assert.equal(ss.getSheets().length, 1);
  assert.equal(plain(bo.context.getSidebarState()).job, null);
  assert.equal(bo.calls.filter((c) => c.body).length, 0);
  assert.throws(
    () => bo.context.undoLastClean(),
    (e) => JSON.parse(e.message).code === 'addon.busy',
  );

  // This time Anna's execution ends while Bo waits: he gets the lock and his clean runs.
  locks.onWait = (_timeout, holder) => {
    assert.equal(holder.name, 'anna');
    held.releaseLock();
  };
  const job = plain(bo.context.startClean());
  locks.onWait = null;
  assert.equal(job.done, false);
  // Each call lets go of the lock when it returns, so Anna can go on with the next chunk.
  assert.equal(locks.holder, null);
  const next = plain(anna.context.cleanNextChunk());
  assert.equal(next.phase, 'chunks'); // the duplicate pass of the job, done
  assert.equal(plain(anna.context.cleanNextChunk()).next, 1);
  assert.equal(locks.holder, null);
});

test('the lock is let go when a chunk fails half way, and a second sidebar cannot redo a chunk', () => {
  const ss = spreadsheetWith('Kunder', register());
  const locks = documentLocks(ss);
  const first = runtime(ss, { name: 'sidebar-1' });
  const second = runtime(ss, { name: 'sidebar-2', properties: first.properties });
  first.context.startClean();
  first.context.cleanNextChunk(); // the duplicate pass
  ss.onWrite = (what) => {
    if (what === 'setValues') {
      throw new Error('Exceeded maximum execution time');
    }
  };
  assert.throws(() => first.context.cleanNextChunk(), /Exceeded maximum execution time/);
  ss.onWrite = null;
  assert.equal(locks.holder, null);
  // Two open sidebars resume the same job one after the other: each call takes the next chunk, none twice.
  const a = plain(second.context.cleanNextChunk());
  const b = plain(first.context.cleanNextChunk());
  assert.deepEqual([a.next, b.next], [1, 2]);
  let job = b;
  while (!job.done) {
    job = plain(second.context.cleanNextChunk());
  }
  const keys = first.calls
    .concat(second.calls)
    .filter((c) => c.body?.idempotency_key)
    .map((c) => c.body.idempotency_key.split(':')[1])
    .sort();
  // Chunk 0 twice (the cut-off run and its re-run), every other chunk once.
  assert.deepEqual(keys, ['0', '0', '1', '2', '3']);
  assert.equal(ss.getSheetByName('Kunder').getRange('C2').getValue(), '+46701234567');
});
