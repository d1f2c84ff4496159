// The tabs Rensa makes (addon/Tabs.gs): named in the user's language, marked with developer metadata
// (`rensa.tab`), and found whatever language they were named in, including the English tabs every earlier
// version made. Against the real local server: a clean in Swedish, undone in Norwegian; an English backup
// from before, undone in Swedish; a job tab left in English by a cut-off clean, replaced by the next one.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { FakeSpreadsheet, SHEET_NAME_MAX, spreadsheetWith } = require('../fakes/spreadsheet.js');
const { useStack } = require('../fakes/stack.js');
const { register } = require('../fixtures.js');

const stack = useStack();

const plain = (value) => JSON.parse(JSON.stringify(value));
const STAMP = /\d{4}-\d\d-\d\d \d\d:\d\d/.source;

function runtime(ss, locale, properties) {
  const gas = loadAddon({
    spreadsheet: ss,
    apiUrl: stack.apiUrl,
    token: stack.info.token,
    locale: locale,
    properties: properties,
  });
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '4');
  return gas;
}

function cleanAll(gs) {
  let job = plain(gs.startClean());
  while (!job.done) {
    job = plain(gs.cleanNextChunk());
  }
  return job;
}

const marker = (sheet) =>
  sheet
    .getDeveloperMetadata()
    .filter((m) => m.getKey() === 'rensa.tab')
    .map((m) => [m.getValue(), String(m.getVisibility())]);

/** The sentence a rensaError tells the user (its message is the JSON the sidebar reads). */
const told = (error) => JSON.parse(error.message).message;

const grid = (ss, name) =>
  ss
    .getSheetByName(name || 'Kunder')
    .getDataRange()
    .getDisplayValues();

// The names each language gives a backup and a job tab of "Kunder" (the catalogues' words).
const NAMES = [
  ['en_GB', 'Rensa backup: Kunder', 'Rensa job: Kunder'],
  ['sv_SE', 'Rensa-säkerhetskopia: Kunder', 'Rensa-arbetsflik: Kunder'],
  ['nb_NO', 'Rensa-sikkerhetskopi: Kunder', 'Rensa-arbeidsfane: Kunder'],
  ['da_DK', 'Rensa-sikkerhedskopi: Kunder', 'Rensa-arbejdsfane: Kunder'],
  ['fi_FI', 'Rensa-varmuuskopio: Kunder', 'Rensa-työvälilehti: Kunder'],
];

test('a clean names its backup and job tab in the user language and marks both as Rensa tabs', () => {
  for (const [locale, backupName, jobName] of NAMES) {
    const ss = spreadsheetWith('Kunder', register());
    const gas = runtime(ss, locale);
    const gs = gas.context;
    let job = plain(gs.startClean());
    const backup = ss.getSheets()[1];
    assert.match(backup.getName(), new RegExp(`^${backupName} ${STAMP} UTC$`), locale);
    assert.equal(backup.isSheetHidden(), true);
    assert.deepEqual(marker(backup), [['backup', 'DOCUMENT']]);
    job = plain(gs.cleanNextChunk()); // the duplicate pass writes the job tab
    const jobTab = ss.getSheetByName(jobName);
    assert.ok(jobTab, `${locale}: ${ss.getSheets().map((s) => s.getName())}`);
    assert.equal(jobTab.isSheetHidden(), true);
    assert.deepEqual(marker(jobTab), [['job', 'DOCUMENT']]);
    while (!job.done) {
      job = plain(gs.cleanNextChunk());
    }
    assert.equal(ss.getSheetByName(jobName), null, 'the job tab goes when the clean is done');
    assert.deepEqual(
      plain(gs.listBackups()).map((b) => b.backupName),
      [backup.getName()],
    );
  }
});

test('Rensa tabs are told from the user tabs whatever language they were named in', () => {
  const ss = new FakeSpreadsheet();
  const gas = runtime(ss, 'sv_SE');
  const kind = (name, marked) => {
    const sheet = ss.insertSheet(name);
    if (marked) {
      sheet.addDeveloperMetadata('rensa.tab', marked);
    }
    return gas.context.rensaTabKind(sheet);
  };
  const cases = [
    // every language's names, made before the marker (or with the marker lost): told by the name
    ...NAMES.flatMap(([locale, backup, job]) => [
      [`${backup} 2026-12-01 23:05 UTC`, '', 'backup', locale],
      [`${backup} 2026-12-01 23:05 UTC (2)`, '', 'backup', locale],
      [`${job.replace('Kunder', 'Medlemmar 2024')}`, '', 'job', locale],
    ]),
    // the English prefixes of every earlier version, the server's fingerprint tab among them
    ['Rensa backup: Kunder', '', 'backup'],
    ['Rensa fingerprints (Kunder)', '', 'fingerprints'],
    // marked: whatever the user renamed it to
    ['Gammal kopia', 'backup', 'backup'],
    ['Fingeravtryck', 'fingerprints', 'fingerprints'],
    // the user's own tabs, even when their names come close
    ['Kunder', '', ''],
    ['Rensa backup plan', '', ''],
    ['Rensa-säkerhetskopia: Kunder', '', ''], // no time: not a name Rensa gives
    ['Rensa-säkerhetskopia: Kunder 2026-12-01 UTC', '', ''],
    ['Säkerhetskopia: Kunder 2026-12-01 23:05 UTC', '', ''],
  ];
  for (const [name, marked, expected, note] of cases) {
    assert.equal(kind(name, marked), expected, `${name} (${note || 'marker'})`);
  }
});

test('the add-on refuses to clean a Rensa tab, saying so in the user language', () => {
  const ss = spreadsheetWith('Kunder', register());
  const backup = ss.insertSheet('Rensa-varmuuskopio: Kunder 2026-12-01 23:05 UTC');
  const fingerprints = ss.insertSheet('Fingeravtryck');
  fingerprints.addDeveloperMetadata('rensa.tab', 'fingerprints');
  const gas = runtime(ss, 'nb_NO');
  // The catalogue's words (a copy review may reword them); they are Norwegian, not the English.
  const norwegian = (text) => {
    const words = gas.context.translateIn('nb', text);
    assert.notEqual(words, text);
    return words;
  };
  ss.setActiveSheet(backup);
  assert.throws(
    () => gas.context.quoteClean(),
    (e) => told(e) === norwegian('This is a Rensa backup tab; open the register tab you want to clean.'),
  );
  ss.setActiveSheet(fingerprints);
  assert.throws(
    () => gas.context.startClean(),
    (e) => told(e) === norwegian('Rensa keeps this tab for its own work; open the register tab you want to clean.'),
  );
  assert.equal(ss.getSheets().length, 3, 'nothing made');
});

test('a backup named in Swedish is undone in Norwegian; an English one from before is undone in Swedish', () => {
  const ss = spreadsheetWith('Kunder', register());
  const original = grid(ss);
  // An earlier version cleaned in English: its backup has the English name and no marker.
  const english = runtime(ss, 'en_GB');
  cleanAll(english.context);
  const old = ss.getSheets()[1];
  for (const m of old.getDeveloperMetadata()) {
    m.remove();
  }
  assert.match(old.getName(), new RegExp(`^Rensa backup: Kunder ${STAMP} UTC$`));
  ss.getSheetByName('Kunder').getRange('A2').setValue('Anna Maria Andersson');
  const edited = grid(ss);

  // Now in Swedish: the second clean's backup is Swedish, and both are listed.
  const swedish = runtime(ss, 'sv_SE', english.properties);
  cleanAll(swedish.context);
  const names = plain(swedish.context.listBackups()).map((b) => b.backupName);
  assert.equal(names.length, 2);
  assert.match(names[0], new RegExp(`^Rensa-säkerhetskopia: Kunder ${STAMP} UTC$`));
  assert.equal(names[1], old.getName());
  // The backup tabs are refused as registers in either language.
  for (const name of names) {
    ss.setActiveSheet(ss.getSheetByName(name));
    assert.throws(() => swedish.context.quoteClean(), /säkerhetskopieflik/);
  }
  ss.setActiveSheet(ss.getSheetByName('Kunder'));

  // The user switches to Norwegian: Undo puts the Swedish backup back, then the English one.
  const norwegian = runtime(ss, 'sv_SE', english.properties);
  norwegian.context.setLanguage('nb', 'clean');
  assert.equal(norwegian.context.userLanguage(), 'nb');
  norwegian.context.undoLastClean({ confirmed: true });
  assert.deepEqual(grid(ss), edited);
  norwegian.context.undoLastClean({ confirmed: true });
  assert.deepEqual(grid(ss), original);
  assert.deepEqual(
    ss.getSheets().map((s) => s.getName()),
    ['Kunder'],
  );
});

test('a job tab left in English by a clean cut off before the marker is replaced by the next clean', () => {
  const ss = spreadsheetWith('Kunder', register());
  const left = ss.insertSheet('Rensa job: Kunder');
  left.hideSheet();
  const gas = runtime(ss, 'da_DK');
  let job = plain(gas.context.startClean());
  job = plain(gas.context.cleanNextChunk()); // the duplicate pass makes the Danish job tab
  assert.equal(ss.getSheetByName('Rensa job: Kunder'), null);
  assert.ok(ss.getSheetByName('Rensa-arbejdsfane: Kunder'));
  while (!job.done) {
    job = plain(gas.context.cleanNextChunk());
  }
  assert.deepEqual(
    ss.getSheets().filter((s) => gas.context.rensaTabKind(s) === 'job'),
    [],
  );
});

test('a long tab name fits Google limit in every language, with room for a second backup of the minute', () => {
  const long = `Kunder ${'å'.repeat(120)}`.slice(0, SHEET_NAME_MAX);
  for (const [locale] of NAMES) {
    const ss = spreadsheetWith(long, register());
    const gas = runtime(ss, locale);
    for (const kind of ['backup', 'job']) {
      const name = gas.context.rensaTabName(kind, long, { stamp: '2026-12-01 23:05' });
      assert.ok(`${name} (99)`.length <= SHEET_NAME_MAX, `${locale} ${kind}: ${name.length}`);
      assert.equal(gas.context.rensaTabKindByName(name), kind, name);
    }
    cleanAll(gas.context); // makes both tabs for real under Google's limit
    assert.deepEqual(
      ss.getSheets().map((s) => gas.context.rensaTabKind(s)),
      ['', 'backup'],
    );
  }
});
