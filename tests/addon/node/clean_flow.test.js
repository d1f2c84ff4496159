// The clean a marketer can trust (issue 12), end to end against the real local server: a price before the
// work, one charge per row (a second clean of a clean sheet costs nothing), 402 before the start with "clean
// the first N rows", one set of roles and one duplicate pass per job, cancel gives back what was reserved,
// undo after edits asks and can keep them, every clean keeps its own backup, usage in words, and a newsletter
// tool refused without the secret it signs with.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { FakeSpreadsheet, spreadsheetWith } = require('../fakes/spreadsheet.js');
const { useStack } = require('../fakes/stack.js');
const { HEADER, people, register } = require('../fixtures.js');

const stack = useStack();

const plain = (value) => JSON.parse(JSON.stringify(value));

function runtime(ss, options) {
  const o = options || {};
  const gas = loadAddon({
    spreadsheet: ss,
    apiUrl: stack.apiUrl,
    token: o.token || stack.info.token,
    properties: o.properties,
  });
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', String(o.chunk || 4));
  return gas;
}

function cleanAll(gs, choice) {
  let job = plain(gs.startClean(choice));
  while (!job.nothing && !job.done) {
    job = plain(gs.cleanNextChunk());
  }
  return job;
}

function backupTabs(ss) {
  return ss.getSheets().filter((s) => s.getName().startsWith('Rensa backup: '));
}

function values(ss, name) {
  return ss
    .getSheetByName(name || 'Kunder')
    .getDataRange()
    .getDisplayValues();
}

/** Data rows only (left of the status column), as the person sees them. */
function data(ss) {
  return values(ss).map((row) => row.slice(0, HEADER.length));
}

test('a second clean of a clean sheet costs nothing and says so; a changed row is paid once', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  const gs = gas.context;
  const before = plain(gs.getUsage());
  const price = plain(gs.quoteClean());
  assert.deepEqual([price.toClean, price.unchanged, price.quote.covered], [10, 0, true]);
  assert.equal(price.quote.sentence, 'This clean costs 10 rows: 10 rows free.');
  const first = cleanAll(gs);
  assert.equal(first.cost.rows_used, 10);
  const cleaned = values(ss);

  // Nothing changed: the price says so, and a clean started anyway does nothing and costs nothing.
  const again = plain(gs.quoteClean());
  assert.deepEqual([again.toClean, again.unchanged], [0, 10]);
  assert.equal(again.quote.sentence, 'Nothing to pay: the 10 rows are unchanged since Rensa last cleaned them.');
  const nothing = plain(gs.startClean());
  assert.deepEqual(nothing, { nothing: true, message: again.quote.sentence });
  assert.deepEqual(values(ss), cleaned);
  assert.equal(backupTabs(ss).length, 1);
  assert.equal(plain(gs.getUsage()).rows_this_period - before.rows_this_period, 10);

  // One row edited by hand: only that row is sent and paid for.
  ss.getSheetByName('Kunder').getRange('B4').setValue('cecilia@carlsson.no');
  const edited = plain(gs.quoteClean());
  assert.deepEqual([edited.toClean, edited.unchanged], [1, 9]);
  const calls = gas.calls.length;
  const second = cleanAll(gs);
  const sent = gas.calls.slice(calls).filter((c) => c.url.endsWith('/v1/clean') && c.body.job_id);
  assert.deepEqual(
    sent.map((c) => c.body.rows.length),
    [1],
  );
  assert.deepEqual([second.cost.rows_used, second.totals.skipped], [1, 9]);
  assert.equal(plain(gs.getUsage()).rows_this_period - before.rows_this_period, 11);
  // Each clean keeps its own backup; Undo twice gives the original back.
  assert.equal(backupTabs(ss).length, 2);
  assert.equal(plain(gs.listBackups()).length, 2);
  gs.undoLastClean({ confirmed: true });
  assert.equal(values(ss)[3][1], 'cecilia@carlsson.no');
  gs.undoLastClean({ confirmed: true });
  assert.deepEqual(values(ss), register());
  assert.equal(backupTabs(ss).length, 0);
  const words = plain(gs.getUsage()).words;
  assert.match(words.lines[0], /^\d+ \w{3}: cleaned 1 row of Kunder \(free\)$/);
  assert.match(words.lines[1], /^\d+ \w{3}: cleaned 10 rows of Kunder \(free\)$/);
});

test('one job, one set of roles, one duplicate pass on the match columns only, gzip-compressed', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss, { chunk: 3 });
  const job = cleanAll(gas.context);
  const chunks = gas.calls.filter((c) => c.url.endsWith('/v1/clean') && c.body.job_id);
  assert.equal(chunks.length, 4);
  const roles = chunks.map((c) => JSON.stringify(c.body.options.roles));
  assert.equal(new Set(roles).size, 1);
  assert.deepEqual(Object.keys(chunks[0].body.options.roles), ['0', '1', '2', '3', '4', '5']);
  assert.equal(chunks[0].body.options.roles['1'], 'email');
  assert.ok(chunks.every((c) => c.body.options.dedupe === false));
  const passes = gas.calls.filter((c) => c.url.endsWith('/v1/duplicates'));
  assert.equal(passes.length, 1);
  assert.equal(passes[0].gzip, true);
  assert.deepEqual(passes[0].body.header, ['Namn', 'E-post', 'Telefon', 'Postnummer', 'Ort']);
  assert.equal(passes[0].body.rows.length, 10);
  // No free dry run over the whole register: the only dry run is the role detection on the first rows.
  const dry = gas.calls.filter((c) => c.url.endsWith('/v1/clean') && c.body.dry_run);
  assert.deepEqual(
    dry.map((c) => c.body.rows.length),
    [10],
  );
  assert.deepEqual([job.totals.duplicates, job.totals.duplicateGroups], [1, 1]);
  const status = ss.getSheetByName('Kunder').getRange('G9').getDisplayValue();
  assert.match(status, /^Duplicate of row 2 \(/);
});

test('not covered: nothing starts (402), nothing is written; "clean the first N rows" cleans what is paid for', () => {
  const ss = spreadsheetWith('Kunder', people(520));
  const gas = runtime(ss, { token: stack.info.token_b, chunk: 200 });
  const gs = gas.context;
  const price = plain(gs.quoteClean());
  assert.deepEqual(
    [price.toClean, price.quote.covered, price.quote.shortfall, price.quote.rows_coverable],
    [520, false, 20, 500],
  );
  // Money in the team's currency at its smallest credit pack's price per row.
  const p = price.quote.price;
  const minor = Math.round((20 * p.pack_minor) / p.pack_rows);
  assert.equal(p.shortfall_text, `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')} ${p.currency}`);
  assert.deepEqual(price.firstRows, { dirty: 500, lastRow: 501 });
  assert.throws(
    () => gs.startClean(),
    (e) => {
      const body = JSON.parse(e.message);
      return body.code === 'billing.limit_reached' && /20 rows are not covered/.test(body.message);
    },
  );
  assert.deepEqual(values(ss), people(520));
  assert.equal(backupTabs(ss).length, 0);
  assert.equal(plain(gs.getSidebarState()).job, null);
  assert.equal(plain(gs.getUsage()).rows_this_period, 0);

  const job = cleanAll(gs, { limitRows: 500 });
  assert.deepEqual([job.rows, job.cost.rows_used, job.cost.free_rows], [500, 500, 500]);
  const sheet = ss.getSheetByName('Kunder');
  assert.equal(sheet.getRange('C501').getValue(), '+46702000500');
  assert.equal(sheet.getRange('C502').getValue(), '0702000501');
  const usage = plain(gs.getUsage());
  assert.deepEqual([usage.free_rows_left, usage.rows_this_period], [0, 500]);
  assert.match(usage.words.month, /: 500 rows cleaned; 0 of 500 free rows left; 0 credits left\.$/);
  assert.match(usage.words.last_clean, /^Last clean: 500 rows of Kunder on \d+ \w{3}, free\.$/);
  // The rest is still to do, and priced.
  assert.deepEqual([plain(gs.quoteClean()).toClean, plain(gs.quoteClean()).quote.covered], [20, false]);
});

test('cancel ends the job and gives back the rows it reserved but did not use', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss, { chunk: 4 });
  const gs = gas.context;
  const before = plain(gs.getUsage());
  gs.startClean();
  assert.equal(plain(gs.getUsage()).free_rows_left, before.free_rows_left - 10); // all 10 held
  gs.cleanNextChunk(); // duplicates
  gs.cleanNextChunk(); // rows 1-4
  const ended = plain(gs.cancelClean());
  assert.deepEqual([ended.rowsDone, ended.released], [4, 6]);
  const after = plain(gs.getUsage());
  assert.equal(after.free_rows_left, before.free_rows_left - 4);
  assert.match(after.words.lines[0], /: cleaned 4 rows of Kunder \(free\), cancelled half way$/);
  assert.equal(plain(gs.getSidebarState()).job, null);
  // The rest is priced as still to clean; the backup stays, so Undo gives the original back.
  assert.equal(plain(gs.quoteClean()).toClean, 6);
  gs.undoLastClean({ confirmed: true });
  assert.deepEqual(values(ss), register());
});

test('undo after edits says how many cells, asks, and can keep the edits', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  const gs = gas.context;
  cleanAll(gs);
  const sheet = ss.getSheetByName('Kunder');
  sheet.getRange('B3').setValue('bo.berg@telia.se');
  sheet.getRange('F5').setValue('K-1004 (VIP)');
  const check = plain(gs.undoCheck());
  assert.deepEqual([check.editedCells, check.cells, check.canKeepEdits], [2, ['B3', 'F5'], true]);
  assert.throws(
    () => gs.undoLastClean(),
    (e) => {
      const body = JSON.parse(e.message);
      return body.code === 'addon.undo_needs_answer' && body.message.startsWith('2 cells were edited since the clean');
    },
  );
  const done = plain(gs.undoLastClean({ keepEdits: true }));
  assert.equal(done.keptEdits, 2);
  const expected = register();
  expected[2][1] = 'bo.berg@telia.se';
  expected[4][5] = 'K-1004 (VIP)';
  assert.deepEqual(data(ss), expected);
  assert.equal(sheet.getRange('C2').getValue(), '070-123 45 67'); // the clean's own change undone

  // Rows moved since the clean: only "undo everything" is possible, and it says why.
  cleanAll(gs);
  sheet.getRange('A12').setValue('Jonas Nyrad');
  const moved = plain(gs.undoCheck());
  assert.deepEqual([moved.rowsAdded, moved.canKeepEdits], [1, false]);
  assert.throws(
    () => gs.undoLastClean({ keepEdits: true }),
    (e) => /only put the whole tab back/.test(JSON.parse(e.message).message),
  );
  gs.undoLastClean({ confirmed: true });
  assert.deepEqual(data(ss), expected);
});

test('the menu undo asks with the number of edited cells: No keeps the edits', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  cleanAll(gas.context);
  ss.getSheetByName('Kunder').getRange('E2').setValue('Solna');
  gas.ui.alertAnswer = 'NO';
  gas.context.menuUndoLastClean();
  assert.match(gas.ui.alerts[0].message, /^1 cell was edited since the clean of .* \(E2\)\. Yes: undo everything/);
  assert.match(gas.ui.alerts.at(-1).message, /back as it was before the clean\. Your 1 later edit was kept\./);
  const expected = register();
  expected[1][4] = 'Solna';
  assert.deepEqual(data(ss), expected);
});

test('backups are listed and can be discarded; a backup that would not fit is refused before anything starts', () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = runtime(ss);
  const gs = gas.context;
  cleanAll(gs);
  ss.getSheetByName('Kunder').getRange('A2').setValue('Anna Andersson-Berg');
  cleanAll(gs);
  const listed = plain(gs.listBackups());
  assert.deepEqual(
    listed.map((b) => [b.sheetName, b.latest]),
    [
      ['Kunder', true],
      ['Kunder', false],
    ],
  );
  const left = plain(gs.discardBackup(listed[1].id));
  assert.deepEqual(
    left.map((b) => b.id),
    [listed[0].id],
  );
  assert.equal(backupTabs(ss).length, 1);

  // A spreadsheet near Google's 10 million cells: no room for one more copy of the tab.
  const big = ss.insertSheet('Arkiv');
  big.getMaxRows = () => 400000;
  big.getMaxColumns = () => 25;
  ss.getSheetByName('Kunder').getRange('A3').setValue('Bo Berg-Ek');
  const usage = plain(gs.getUsage());
  assert.throws(
    () => gs.startClean(),
    (e) =>
      JSON.parse(e.message).code === 'addon.no_room' && /Discard an older backup/.test(JSON.parse(e.message).message),
  );
  assert.equal(plain(gs.getUsage()).free_rows_left, usage.free_rows_left);
  assert.equal(backupTabs(ss).length, 1);
});

/** The Sheets fake's sample tab, opened in the add-on (same id and tab name, same header). */
function sampleAddon() {
  const ss = new FakeSpreadsheet(stack.info.spreadsheet_id);
  const rows = [
    ['Namn', 'Kontakt', 'Telefon', 'Postnummer', 'Ort'],
    ['Anna Berg', 'ANNA.BERG@GMAIL.COM', '070-123 45 67', '11418', 'Stockholm'],
    ['Bo Ek', 'bo.ek@telia.se', '070-765 43 21', '41319', 'Göteborg'],
  ];
  ss.insertSheet(stack.info.sheet).getRange(1, 1, rows.length, 5).setNumberFormat('@').setValues(rows);
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token });
  gas.properties.script.setProperty('RENSA_SERVICE_ACCOUNT', stack.info.service_account_email);
  return gas;
}

test('connect: the detected e-mail column is used; a tool is refused without the secret it signs with', () => {
  const gas = sampleAddon();
  const gs = gas.context;
  const setup = plain(gs.getConnectSetup());
  assert.deepEqual(setup.emailColumn, { header: 'Kontakt', how: 'detected' });
  const mailgun = setup.providers.find((p) => p.provider === 'mailgun');
  assert.equal(mailgun.secret.label, "Mailgun's HTTP webhook signing key");
  assert.throws(
    () => gs.createConnection({ provider: 'mailgun', secret: '', emailColumn: '' }),
    (e) => {
      const body = JSON.parse(e.message);
      return (
        body.code === 'connection.secret_missing' &&
        body.message ===
          "Paste Mailgun's HTTP webhook signing key (under Sending → Webhooks) first: without it Rensa cannot tell real bounces from fakes."
      );
    },
  );
  assert.deepEqual(plain(gs.listConnections()), []);
  // No column picked: the detected one, never the first column.
  const chimp = plain(gs.createConnection({ provider: 'mailchimp', secret: '', emailColumn: '' }));
  assert.equal(chimp.email_column, 'Kontakt');
  // Mandrill shows its key only once the URL is saved there: made, but "not connected yet" until pasted.
  const mandrill = plain(gs.createConnection({ provider: 'mandrill', secret: '', emailColumn: 'Kontakt' }));
  assert.deepEqual(mandrill.missing_secrets, ['webhook_key']);
  assert.match(mandrill.secret_waiting, /^Not connected yet: paste Mandrill's webhook key \(under Settings → Webhooks/);
  const saved = plain(gs.saveConnectionSecret(mandrill.id, 'mandrill-key-0123'));
  assert.equal(saved.id, mandrill.id);
  for (const c of [chimp, mandrill]) {
    gs.deleteConnection(c.id);
  }
});
