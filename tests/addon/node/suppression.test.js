// The add-on's Contact tab code (Suppression.gs) under Node against the real local server: upload the
// real-shaped list files, count who may be contacted, a chunked clean that writes Ring ej / Posta ej /
// E-posta ej next to the status, "may I call now?", and the split of a large file into parts.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { useStack, ROOT } = require('../fakes/stack.js');

const stack = useStack();
const FILES = path.join(ROOT, 'tests/data/suppression');
const plain = (value) => JSON.parse(JSON.stringify(value));

/** A list file's text as the sidebar's FileReader gives it (UTF-8, else Windows-1252). */
function fileText(name) {
  const bytes = fs.readFileSync(path.join(FILES, name));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (_e) {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function kunder() {
  return fileText('kunder.csv')
    .split('\n')
    .filter((line) => line)
    .map((line) => line.split(';'));
}

function addon(token) {
  const ss = spreadsheetWith('Kunder', kunder());
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: token });
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '2');
  return { ss: ss, gs: gas.context, gas: gas };
}

function daysAgo(n) {
  return new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
}

test('upload lists, count who may be contacted, clean writes the verdict columns, undo removes them', () => {
  const { ss, gs } = addon(stack.info.token);
  assert.deepEqual(plain(gs.listSuppressionLists()).lists, []);
  assert.throws(
    () => gs.uploadSuppressionList({ kind: 'nix', name: 'nix.txt', content: fileText('nix_2026-11-02.txt') }),
    (e) => JSON.parse(e.message).code === 'suppression.date_required',
  );
  const nix = plain(
    gs.uploadSuppressionList({
      kind: 'nix',
      name: 'nix.txt',
      date: daysAgo(3),
      content: fileText('nix_2026-11-02.txt'),
    }),
  );
  assert.equal(nix.entries, 5);
  assert.equal(nix.expired, false);
  const deceased = plain(
    gs.uploadSuppressionList({ kind: 'deceased', name: 'avlidna.csv', content: fileText('deceased_bureau.csv') }),
  );
  assert.deepEqual([deceased.entries, deceased.header], [1, true]);
  gs.uploadSuppressionList({ kind: 'opt_out_email', name: 'spärr.csv', content: fileText('opt_out_email.csv') });
  const listed = plain(gs.listSuppressionLists());
  assert.deepEqual(
    listed.lists.map((l) => l.name),
    ['nix.txt', 'avlidna.csv', 'spärr.csv'],
  );

  const counted = plain(gs.contactSummary());
  assert.deepEqual(counted.summary.phone, { may_contact: 0, closed: 4, unchecked: 0, no_value: 1 });
  assert.deepEqual(counted.summary.email, { may_contact: 2, closed: 3, unchecked: 0, no_value: 0 });
  assert.match(counted.sentence, /^May be contacted on \d{4}-\d\d-\d\d: by phone 0 of 4 rows with a number/);

  let job = gs.startClean();
  while (!job.done) {
    job = gs.cleanNextChunk();
  }
  const grid = ss.getSheetByName('Kunder').getDataRange().getDisplayValues();
  // The hidden "Rensa check" column (the rows' fingerprints, issue 12) sits between the status and the verdicts.
  assert.deepEqual(grid[0].slice(8), ['Rensa status', 'Rensa check', 'Ring ej', 'Posta ej', 'E-posta ej']);
  assert.deepEqual(
    grid.slice(1).map((row) => row.slice(10)),
    [
      ['NIX-Telefon', '', ''],
      ['NIX-Telefon', '', 'Egen spärrlista'],
      ['Avliden', 'Avliden', 'Avliden'],
      ['NIX-Telefon', '', ''],
      ['', '', 'Egen spärrlista'],
    ],
  );
  const after = plain(gs.lastCleanContact());
  assert.deepEqual(after.summary.phone, counted.summary.phone); // summed over the 3 chunks
  assert.deepEqual(
    after.suppression.map((l) => [l.kind, l.matches]),
    [
      ['nix', 3],
      ['deceased', 1],
      ['opt_out_email', 2],
    ],
  );

  // Undo takes the columns away with the rest of the clean; two cleans in a row reuse them.
  gs.undoLastClean();
  assert.equal(ss.getSheetByName('Kunder').getDataRange().getDisplayValues()[0].length, 8);
  for (let i = 0; i < 2; i += 1) {
    job = gs.startClean();
    while (!job.nothing && !job.done) {
      job = gs.cleanNextChunk();
    }
  }
  assert.equal(job.nothing, true); // the second clean of an unchanged register costs nothing (issue 12)
  const again = ss.getSheetByName('Kunder').getDataRange().getDisplayValues();
  assert.deepEqual(again[0].slice(8), ['Rensa status', 'Rensa check', 'Ring ej', 'Posta ej', 'E-posta ej']);

  gs.deleteSuppressionList(nix.id);
  assert.equal(plain(gs.listSuppressionLists()).lists.length, 2);
});

test('may I call now: Norwegian hours and the lists', () => {
  const { gs } = addon(stack.info.token_b);
  gs.uploadSuppressionList({
    kind: 'reservasjon_phone',
    name: 'reservasjon.csv',
    date: daysAgo(1),
    content: fileText('reservasjon_telefon.csv'),
  });
  const listed = plain(gs.mayCallNow('912 34 567', 'nb-NO'));
  assert.equal(listed.allowed, false);
  assert.deepEqual(
    listed.lists.map((l) => l.kind),
    ['reservasjon_phone'],
  );
  assert.match(listed.message, /Men nummeret står i Reservasjonsregisteret \(telefonsalg\)/);
  const swedish = plain(gs.mayCallNow('+46 70 123 45 67', 'sv'));
  assert.equal(swedish.reason, 'no_rule');
  assert.throws(
    () => gs.mayCallNow('  '),
    (e) => JSON.parse(e.message).field === 'number',
  );
});

test('a large list file is sent in parts, each with the header line', () => {
  const { gs } = addon(stack.info.token);
  const lines = ['Telefonnummer'];
  for (let i = 0; i < 3000; i += 1) {
    lines.push(`070${String(1000000 + i).slice(1)}`);
  }
  const parts = gs.suppressionParts(lines.join('\n'), 12000);
  assert.ok(parts.length > 3, String(parts.length));
  assert.ok(parts.every((part) => part.startsWith('Telefonnummer\n')));
  assert.equal(
    parts.map((p) => p.split('\n').length - 1).reduce((a, b) => a + b, 0),
    3000,
  );
  const noHeader = gs.suppressionParts(lines.slice(1).join('\n'), 12000);
  assert.ok(noHeader[0].startsWith('070000000\n'));
});
