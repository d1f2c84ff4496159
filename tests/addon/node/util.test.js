// Pure helpers of addon/Util.gs, loaded as they are into a vm context (no services needed).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { backendVocabulary } = require('../fakes/stack.js');

const VOCABULARY = backendVocabulary();

const gs = loadAddon({ spreadsheet: spreadsheetWith('Kunder', [['a']]) }).context;
// Objects made inside the vm have another realm's prototypes; compare them as plain JSON.
const plain = (value) => JSON.parse(JSON.stringify(value));

test('columnLetter and toA1', () => {
  const table = [
    [[1, 1], 'A1'],
    [[7, 26], 'Z7'],
    [[2, 27], 'AA2'],
    [[10, 52], 'AZ10'],
    [[3, 703], 'AAA3'],
    [[2, 2, 3, 4], 'B2:E4'],
    [[5, 1, 1, 1], 'A5'],
  ];
  for (const [args, expected] of table) {
    assert.equal(gs.toA1(...args), expected, JSON.stringify(args));
  }
});

test('planChunks covers every row exactly once', () => {
  assert.deepEqual(plain(gs.planChunks(0, 500)), []);
  assert.deepEqual(plain(gs.planChunks(3, 500)), [{ index: 0, first: 1, count: 3 }]);
  const chunks = plain(gs.planChunks(1201, 500));
  assert.deepEqual(chunks, [
    { index: 0, first: 1, count: 500 },
    { index: 1, first: 501, count: 500 },
    { index: 2, first: 1001, count: 201 },
  ]);
  assert.throws(() => gs.planChunks(10, 0), /Chunk size must be positive/);
});

test('chunkKey is stable per job and chunk', () => {
  assert.equal(gs.chunkKey('job-1', 3), 'job-1:3');
  assert.notEqual(gs.chunkKey('job-1', 3), gs.chunkKey('job-2', 3));
});

test('toStringRows pads, cuts and stringifies', () => {
  assert.deepEqual(plain(gs.toStringRows([[1, null], ['a', 'b', 'c'], []], 2)), [
    ['1', ''],
    ['a', 'b'],
    ['', ''],
  ]);
});

test('locateColumns finds the data width and the status column', () => {
  const status = VOCABULARY.status_header;
  assert.deepEqual(plain(gs.locateColumns(['namn', 'e-post', '', ''], status)), { width: 2, statusColumn: 3 });
  assert.deepEqual(plain(gs.locateColumns(['namn', 'e-post', status], status)), { width: 2, statusColumn: 3 });
  assert.deepEqual(plain(gs.locateColumns(['namn', '', 'telefon'], status)), { width: 3, statusColumn: 4 });
  assert.deepEqual(plain(gs.locateColumns([], status)), { width: 0, statusColumn: 1 });
});

const CLUSTERS = [
  {
    cluster_id: 1,
    rows: [2, 5, 9],
    survivor: 2,
    score: 0.98,
    band: 'sure',
    reasons: ['same e-mail'],
    explanation: 'same e-mail, similar name: 98 %',
    merge: { fills: [{ row: 2, column: 3, value: '+46701234567', source_row: 5 }], conflicts: [] },
  },
  {
    cluster_id: 2,
    rows: [7, 8],
    survivor: 7,
    score: 0.81,
    band: 'review',
    reasons: ['similar name'],
    explanation: 'similar name: 81 %',
    merge: { fills: [{ row: 7, column: 1, value: 'x', source_row: 8 }], conflicts: [] },
  },
];

// The backend's own notes (POST /v1/clean `notes`, by data row) are what the plan writes, unchanged.
const DRY = {
  notes: { 2: 'Rows 6 and 10 are duplicates of this row.', 5: 'Duplicate of row 3 (same e-mail).' },
  duplicates: CLUSTERS,
};

test('buildDuplicatePlan takes the backend notes as they are', () => {
  const plan = plain(gs.buildDuplicatePlan(DRY, { merge: false }));
  assert.deepEqual(plan.status, DRY.notes);
  assert.deepEqual(plan.fills, {});
});

test('buildDuplicatePlan with merge: fills for sure clusters only', () => {
  const plan = plain(gs.buildDuplicatePlan(DRY, { merge: true }));
  assert.deepEqual(plan.fills, { 2: [[3, '+46701234567', 5]] });
  assert.deepEqual(plain(gs.buildDuplicatePlan(null, { merge: true })), { status: {}, fills: {} });
});

test('say fills the backend templates and refuses an unknown key', () => {
  const s = VOCABULARY.sentences;
  assert.equal(gs.say(s, 'row.kept_edit', { cells: 'B7' }), s['row.kept_edit'].replace('{cells}', 'B7'));
  assert.equal(gs.sayCount(s, 'count.changed', 1), s['count.changed.one'].replace('{n}', '1'));
  assert.throws(() => gs.say(s, 'no.such.sentence'), /No sentence no.such.sentence/);
});

test('buildDuplicatePlan never writes a fill a free dry run named without its value', () => {
  const dryRun = CLUSTERS.map((c) =>
    Object.assign({}, c, {
      merge: {
        fills: c.merge.fills.map((f) => ({ row: f.row, column: f.column, source_row: f.source_row })),
        conflicts: [],
      },
    }),
  );
  assert.deepEqual(plain(gs.buildDuplicatePlan(dryRun, { merge: true, headerRow: 1 })).fills, {});
});

function chunkInput(overrides) {
  return Object.assign(
    {
      original: [
        ['anna@GMAIL.con', '070-123 45 67', 'Anna'],
        ['bo@x.se', '0701234568', ''],
      ],
      live: [
        ['anna@GMAIL.con', '070-123 45 67', 'Anna'],
        ['bo@x.se', '0701234568', ''],
      ],
      formulas: [
        ['', '', ''],
        ['', '', ''],
      ],
      cleaned: [
        ['anna@gmail.com', '+46701234567', 'Anna'],
        ['bo@x.se', '+46701234568', ''],
      ],
      issues: [
        {
          row: 1,
          column: 0,
          header: 'e-post',
          code: 'email.typo',
          severity: 'warning',
          message: 'The domain looked misspelled.',
          suggestion: 'anna@gmail.com',
        },
        { row: 2, column: null, header: null, code: 'row.x', severity: 'error', message: 'Row problem.' },
      ],
      status: ['e-mail: typo fixed', ''],
      firstRow: 1,
      headerRow: 1,
      duplicates: { status: {}, fills: {} },
      vocabulary: VOCABULARY,
    },
    overrides || {},
  );
}

test('planChunkWrites writes only changed cells', () => {
  const plan = plain(gs.planChunkWrites(chunkInput()));
  assert.deepEqual(plan.writes, [
    { r: 0, c: 0, value: 'anna@gmail.com' },
    { r: 0, c: 1, value: '+46701234567' },
    { r: 1, c: 1, value: '+46701234568' },
  ]);
  assert.deepEqual(plan.conflicts, []);
  assert.deepEqual(plan.flags, [
    {
      r: 0,
      c: 0,
      severity: 'warning',
      note: gs.say(VOCABULARY.sentences, 'note.suggestion', {
        note: gs.say(VOCABULARY.sentences, 'note.cell', { message: 'The domain looked misspelled.' }),
        suggestion: 'anna@gmail.com',
      }),
    },
  ]);
  assert.deepEqual(plan.status, ['e-mail: typo fixed', '']);
});

test('planChunkWrites keeps an edit made while the clean ran and reports it', () => {
  const live = [
    ['anna@work.se', '070-123 45 67', 'Anna'],
    ['bo@x.se', '0701234568', ''],
  ];
  const plan = plain(gs.planChunkWrites(chunkInput({ live })));
  assert.deepEqual(plan.conflicts, [{ r: 0, c: 0 }]);
  assert.ok(!plan.writes.some((w) => w.r === 0 && w.c === 0));
  const kept = gs.say(VOCABULARY.sentences, 'row.kept_edit', { cells: 'A2' });
  assert.deepEqual(plan.status, [`e-mail: typo fixed ${kept}`, '']);
});

test('planChunkWrites: cells already written by an interrupted run are neither written nor conflicts', () => {
  const live = [
    ['anna@gmail.com', '+46701234567', 'Anna'],
    ['bo@x.se', '0701234568', ''],
  ];
  const plan = plain(gs.planChunkWrites(chunkInput({ live })));
  assert.deepEqual(plan.writes, [{ r: 1, c: 1, value: '+46701234568' }]);
  assert.deepEqual(plan.conflicts, []);
});

test('planChunkWrites never overwrites a formula', () => {
  const formulas = [
    ['', '=B1', ''],
    ['', '', ''],
  ];
  const plan = plain(gs.planChunkWrites(chunkInput({ formulas })));
  assert.deepEqual(plan.formulas, [{ r: 0, c: 1 }]);
  assert.ok(!plan.writes.some((w) => w.r === 0 && w.c === 1));
});

test('planChunkWrites applies merge fills to empty cells and adds duplicate texts by data row', () => {
  const duplicates = {
    status: { 11: 'Keep: row 31 is a duplicate of this row.', 12: 'Delete: duplicate of row 4 (same phone).' },
    fills: { 12: [[2, 'Bo', 40]] },
  };
  const plan = plain(gs.planChunkWrites(chunkInput({ firstRow: 11, duplicates })));
  assert.ok(plan.writes.some((w) => w.r === 1 && w.c === 2 && w.value === 'Bo'));
  // Row notes first, then the row's own status, joined as core.status.join_status joins them.
  assert.deepEqual(plan.status, [
    'Keep: row 31 is a duplicate of this row. e-mail: typo fixed',
    'Delete: duplicate of row 4 (same phone).',
  ]);
});

test('groupRuns joins neighbouring rows of one column', () => {
  const runs = plain(
    gs.groupRuns([
      { r: 2, c: 1, value: 'c' },
      { r: 0, c: 1, value: 'a' },
      { r: 1, c: 1, value: 'b' },
      { r: 5, c: 1, value: 'd' },
      { r: 0, c: 0, value: 'x' },
    ]),
  );
  assert.deepEqual(runs, [
    { r: 0, c: 0, values: [['x']] },
    { r: 0, c: 1, values: [['a'], ['b'], ['c']] },
    { r: 5, c: 1, values: [['d']] },
  ]);
});

test('applyFlags colours and notes flagged cells, clears old Rensa notes, keeps the user notes', () => {
  const out = plain(
    gs.applyFlags(
      [
        ['#ffffff', '#00ff00'],
        ['#f4c7c3', '#ffffff'],
      ],
      [
        ['', 'my own note'],
        ['Rensa: old problem', ''],
      ],
      [
        { r: 0, c: 1, severity: 'warning', note: 'Rensa: check this' },
        { r: 0, c: 0, severity: 'error', note: 'Rensa: bad' },
        { r: 0, c: 0, severity: 'warning', note: 'Rensa: also odd' },
      ],
      VOCABULARY.note_prefix,
    ),
  );
  assert.deepEqual(out.backgrounds, [
    ['#f4c7c3', '#fce8b2'],
    ['#ffffff', '#ffffff'],
  ]);
  assert.deepEqual(out.notes, [
    ['Rensa: bad\nRensa: also odd', 'my own note\nRensa: check this'],
    ['', ''],
  ]);
  assert.equal(out.changed, true);
  assert.equal(gs.applyFlags([['#ffffff']], [['']], [], VOCABULARY.note_prefix).changed, false);
});

test('summarizeWash shows the backend summary and problem words, and only the columns Rensa cleans', () => {
  const quality = (score, emailScore) => ({
    score: score,
    rows: 2,
    filled_pct: 100,
    valid_pct: 50,
    problem_free_pct: 50,
    duplicate_rows: 1,
    columns: [
      {
        column: 0,
        header: 'e-post',
        role: 'email',
        filled_pct: 100,
        valid_pct: 50,
        problem_free_pct: 50,
        score: emailScore,
      },
      {
        column: 1,
        header: 'Anteckning',
        role: null,
        filled_pct: 100,
        valid_pct: 100,
        problem_free_pct: 100,
        score: 100,
      },
    ],
  });
  const counts = { cells_changed: 2, problems: 3, duplicate_rows: 1, duplicate_groups: 1 };
  const result = {
    quality: { before: quality(61, 50), after: quality(88, 100), method: 'weighted', meaning: 'What it means.' },
    issues: [
      { code: 'email.typo', message: 'Typo.' },
      { code: 'phone.invalid', message: 'Bad phone.' },
      { code: 'email.typo', message: 'Typo 2.' },
      { code: 'x.unknown', message: 'Odd.' },
    ],
    changes: [{}, {}],
    duplicates: [{ rows: [1, 2] }],
    counts: counts,
    summary: ['2 cells would change.', 'Test wash only: nothing was written.'],
  };
  const s = VOCABULARY.sentences;
  assert.deepEqual(plain(gs.summarizeWash(result, { rowsRead: 9, rowsSent: 2 }, VOCABULARY)), {
    rowsRead: 9,
    rowsSent: 2,
    scoreBefore: 61,
    scoreAfter: 88,
    counts: counts,
    lines: [gs.say(s, 'wash.sample', { sent: 2, read: 9 }), ...result.summary],
    problems: [
      { code: 'email.typo', count: 2, label: s['problem.email.typo'] },
      { code: 'phone.invalid', count: 1, label: s['problem.phone.invalid'] },
      { code: 'x.unknown', count: 1, label: 'Odd.' },
    ],
    columns: [{ column: 0, header: 'e-post', role: 'email', before: 50, after: 100 }],
    meaning: 'What it means.',
    method: 'weighted',
  });
});

test('conflictCells names the first cells, in sheet rows', () => {
  assert.deepEqual(
    plain(
      gs.conflictCells(
        [
          { r: 0, c: 0 },
          { r: 2, c: 3 },
          { r: 3, c: 0 },
        ],
        10,
        2,
      ),
    ),
    ['A10', 'D12'],
  );
});

test('findHeaderRow skips title lines and blank rows above the column names', () => {
  const table = [
    [[['Namn', 'E-post', 'Telefon']], 1],
    [
      [
        ['Kunder 2024', '', ''],
        ['', '', ''],
        ['Namn', 'E-post', 'Telefon'],
        ['Anna', 'a@b.se', ''],
      ],
      3,
    ],
    [
      [
        ['', '', ''],
        ['Namn', 'E-post', ''],
        ['Anna', 'a@b.se', '070'],
      ],
      2,
    ],
    [
      [
        ['Export från CRM', '', '', ''],
        ['Namn', 'E-post', 'Telefon', 'Ort'],
      ],
      2,
    ],
    // A header with a few unnamed columns is still at least half full.
    [
      [
        ['Namn', '', 'Telefon', ''],
        ['Anna', 'a@b.se', '070', 'Ort'],
      ],
      1,
    ],
    [[['E-post'], ['a@b.se']], 1],
    [
      [
        ['', ''],
        ['', ''],
      ],
      1,
    ],
    [[], 1],
  ];
  for (const [rows, expected] of table) {
    assert.equal(gs.findHeaderRow(rows), expected, JSON.stringify(rows));
  }
});

test('parseHeaderRow takes a whole row number within the sheet, nothing else', () => {
  const table = [
    ['3', 40, 3],
    [3, 40, 3],
    [' 12 ', 40, 12],
    ['1', 0, 1],
    ['41', 40, null],
    ['0', 40, null],
    ['-1', 40, null],
    ['2.5', 40, null],
    ['två', 40, null],
    ['', 40, null],
  ];
  for (const [value, lastRow, expected] of table) {
    assert.equal(gs.parseHeaderRow(value, lastRow), expected, JSON.stringify([value, lastRow]));
  }
});
