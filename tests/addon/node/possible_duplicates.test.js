// A row that may repeat the customer of a sure group (issue 9), in the sheet: the add-on writes the server's own
// note into the status column (never "Delete") and counts the row for the sidebar, against the real local server.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { useStack } = require('../fakes/stack.js');

const stack = useStack();

const plain = (value) => JSON.parse(JSON.stringify(value));

const HAUGEN = [
  ['Förnamn', 'Efternamn', 'E-post', 'Telefon', 'Adress', 'Postnr', 'Ort'],
  ['Tor', 'Haugen', 'tor.haugen@gmail.com', '+47 912 34 567', 'Storgata 1', '0155', 'Oslo'],
  ['Tor', 'Haugen', 'tor.haugen@gmail.com', '', 'Storgata 1', '0155', 'Oslo'],
  ['T.', 'Haugen', '', '', 'Storgata 1', '0155', 'Oslo'],
  ['Tone', 'Haugen', 'tone.h@online.no', '+47 913 11 111', 'Storgata 1', '0155', 'Oslo'],
  ['Tone', 'Haugen', 'tone.h@online.no', '', 'Storgata 1', '0155', 'Oslo'],
];

/** A whole clean of `rows` by the add-on against the real server (`chunk` rows a chunk): the job and the status column. */
function cleaned(rows, chunk) {
  const ss = spreadsheetWith('Kunder', rows);
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token });
  if (chunk) {
    gas.properties.script.setProperty('RENSA_CHUNK_ROWS', String(chunk));
  }
  let job = plain(gas.context.startClean());
  while (!job.nothing && !job.done) {
    job = plain(gas.context.cleanNextChunk());
  }
  const status = ss
    .getSheetByName('Kunder')
    .getDataRange()
    .getDisplayValues()
    .map((row) => row[7]);
  return { job: job, status: status };
}

test('"T. Haugen" between a sure Tor and a sure Tone: a note naming both, counted, never Delete', () => {
  const { job, status } = cleaned(HAUGEN, 2);
  assert.deepEqual([job.totals.duplicates, job.totals.possibleDuplicates], [2, 1]);
  assert.match(
    status[3],
    /^Possible duplicate of row 2 \(given name initial matches, [^)]*\) or row 5 \([^)]*\): check by hand\./,
  );
  assert.match(status[2], /^Duplicate of row 2 \(/);
  assert.ok(!status[3].includes('Delete'));
});

// "T. Haugen" twice is a sure group of its own that may be Tor's or Tone's: the rows each group keeps say so (the
// server's note), the groups are counted for the sidebar, and each group's copy says "Duplicate of" its own kept row.
const GROUPS = [
  HAUGEN[0],
  HAUGEN[1],
  HAUGEN[2],
  ['T.', 'Haugen', '', '+47 900 00 001', 'Storgata 1', '0155', 'Oslo'],
  ['T.', 'Haugen', '', '+47 900 00 001', 'Storgata 1', '0155', 'Oslo'],
  HAUGEN[4],
  HAUGEN[5],
];

test('a sure "T. Haugen" group between Tor and Tone: the kept rows name the other groups, counted for the sidebar', () => {
  const { job, status } = cleaned(GROUPS);
  assert.deepEqual([job.totals.duplicates, job.totals.closeGroups, job.totals.possibleDuplicates], [3, 3, 0]);
  assert.match(
    status[1],
    /Rows 2 and 3 may be the same customer as rows 4 and 5 \(row 3 against row 4: [^)]*\): check by hand\./,
  );
  assert.match(
    status[3],
    /Rows 4 and 5 may be the same customer as rows 2 and 3 \([^)]*\) or rows 6 and 7 \([^)]*\): check by hand\./,
  );
  assert.deepEqual(
    [status[2], status[4], status[6]].map((s) => s.split(' (')[0]),
    ['Duplicate of row 2', 'Duplicate of row 4', 'Duplicate of row 6'],
  );
  assert.ok(status.every((s) => !s.includes('Delete')));
});

// A row of a group to review counts as a row that may repeat another, as core counts it (before, the sidebar
// counted it with the rows that repeat another): Tor Haugen with an own e-mail and phone (row 7) is a group to
// review with "T. Haugen" (row 4), and both may repeat Tor (rows 2-3).
test('a group to review counts with the rows that may repeat another, each row once, as core counts them', () => {
  const rows = HAUGEN.concat([
    ['Tor', 'Haugen', 'tor.haugen@hotmail.com', '+47 915 55 555', 'Storgata 1', '0155', 'Oslo'],
  ]);
  const { job } = cleaned(rows);
  // core: duplicate_rows 2 (rows 3 and 6), possible_duplicate_rows 2 (rows 4 and 7: each once)
  assert.deepEqual([job.totals.duplicates, job.totals.duplicateGroups, job.totals.possibleDuplicates], [2, 2, 2]);
});

// A father and the son named after him at one home, each with his own mobile (issue 9, "a possible duplicate says
// why it is only possible"): the sheet's status and the sidebar's list of rows to check carry the server's note,
// which says what agrees and what holds the pair back.
test('a row to check by hand: the status says what holds it back, and the sidebar lists it with that note', () => {
  const rows = [
    ['Förnamn', 'Efternamn', 'E-post', 'Telefon', 'Adress', 'Postnr', 'Ort'],
    ['Tor', 'Haugen', '', '+47 912 34 567', 'Storgata 1', '0155', 'Oslo'],
    ['Tor', 'Haugen', '', '+47 913 45 678', 'Storgata 1', '0155', 'Oslo'],
    ['Kari', 'Lie', 'kari.lie@gmail.com', '+47 922 22 222', 'Fjordveien 3', '5003', 'Bergen'],
  ];
  const { job, status } = cleaned(rows);
  const note =
    'Possible duplicate of row 2 (same given name, same family name, same address, but each has its own phone: ' +
    '80 %): check by hand.';
  assert.ok(status[2].startsWith(note), status[2]);
  assert.deepEqual(job.checkByHand, [{ row: 3, note: note }]);
  assert.equal(job.totals.checkByHand, 1);
});

test('the sidebar keeps the first rows to check with their notes and counts the rest', () => {
  // seven homes, each with a father and the son named after him (his own mobile each)
  const families = ['Haugen', 'Lie', 'Berg', 'Dahl', 'Moen', 'Strand', 'Vik'];
  const copies = families.flatMap((family, n) => [
    ['Tor', family, '', `+47 91${n} 12 34${n}`, `Storgata ${n + 1}`, '0155', 'Oslo'],
    ['Tor', family, '', `+47 93${n} 98 76${n}`, `Storgata ${n + 1}`, '0155', 'Oslo'],
  ]);
  const { job } = cleaned([HAUGEN[0], ...copies]);
  assert.equal(job.totals.checkByHand, 7);
  assert.deepEqual(
    job.checkByHand.map((item) => item.row),
    [3, 5, 7, 9, 11],
  );
  assert.ok(job.checkByHand.every((item) => item.note.includes('but each has its own phone')));
});
