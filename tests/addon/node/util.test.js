// Pure helpers of addon/Util.gs, loaded as they are into a vm context (no services needed).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');

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

test('parseA1 reads cells and rectangles, in any corner order', () => {
  assert.deepEqual(plain(gs.parseA1('B3')), { row: 3, column: 2, height: 1, width: 1 });
  assert.deepEqual(plain(gs.parseA1('aa10:ab12')), { row: 10, column: 27, height: 3, width: 2 });
  assert.deepEqual(plain(gs.parseA1('D5:B2')), { row: 2, column: 2, height: 4, width: 3 });
  assert.throws(() => gs.parseA1('5B'), /Not an A1 cell reference: 5B/);
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
  assert.deepEqual(plain(gs.locateColumns(['namn', 'e-post', '', ''])), { width: 2, statusColumn: 3 });
  assert.deepEqual(plain(gs.locateColumns(['namn', 'e-post', 'Rensa status'])), { width: 2, statusColumn: 3 });
  assert.deepEqual(plain(gs.locateColumns(['namn', '', 'telefon'])), { width: 3, statusColumn: 4 });
  assert.deepEqual(plain(gs.locateColumns([])), { width: 0, statusColumn: 1 });
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

test('buildDuplicatePlan marks duplicates with sheet row numbers', () => {
  const plan = plain(gs.buildDuplicatePlan(CLUSTERS, { merge: false, headerRow: 1 }));
  assert.deepEqual(plan.status, {
    2: 'has duplicates: rows 6, 10',
    5: 'duplicate of row 3 (same e-mail, similar name: 98 %)',
    9: 'duplicate of row 3 (same e-mail, similar name: 98 %)',
    7: 'maybe has duplicates: rows 9',
    8: 'maybe duplicate of row 8 (similar name: 81 %)',
  });
  assert.deepEqual(plan.fills, {});
});

test('buildDuplicatePlan with merge: delete marks and fills for sure clusters only', () => {
  const plan = plain(gs.buildDuplicatePlan(CLUSTERS, { merge: true, headerRow: 1 }));
  assert.equal(plan.status[5], 'delete: duplicate of row 3 (same e-mail, similar name: 98 %)');
  assert.equal(plan.status[8], 'maybe duplicate of row 8 (similar name: 81 %)');
  assert.deepEqual(plan.fills, { 2: [[3, '+46701234567', 5]] });
  assert.deepEqual(plain(gs.buildDuplicatePlan(null, { merge: true, headerRow: 1 })), { status: {}, fills: {} });
});

test('buildDuplicatePlan never writes a fill a free dry run named without its value', () => {
  const dryRun = CLUSTERS.map((c) => Object.assign({}, c, {
    merge: { fills: c.merge.fills.map((f) => ({ row: f.row, column: f.column, source_row: f.source_row })), conflicts: [] },
  }));
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
      duplicates: { status: {}, fills: {} },
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
      note: 'Rensa: The domain looked misspelled. Suggestion: anna@gmail.com',
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
  assert.deepEqual(plan.status, ['e-mail: typo fixed; kept your edit in A', '']);
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
    status: { 11: 'has duplicates: rows 30', 12: 'delete: duplicate of row 3' },
    fills: { 12: [[2, 'Bo', 40]] },
  };
  const plan = plain(gs.planChunkWrites(chunkInput({ firstRow: 11, duplicates })));
  assert.ok(plan.writes.some((w) => w.r === 1 && w.c === 2 && w.value === 'Bo'));
  assert.deepEqual(plan.status, ['e-mail: typo fixed; has duplicates: rows 30', 'delete: duplicate of row 3']);
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
  assert.equal(gs.applyFlags([['#ffffff']], [['']], []).changed, false);
});

test('summarizeWash turns a CleanResult into the sidebar view', () => {
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
    ],
  });
  const result = {
    quality: { before: quality(61, 50), after: quality(88, 100), method: 'weighted' },
    issues: [
      { code: 'email.typo', message: 'Typo.' },
      { code: 'phone.invalid', message: 'Bad phone.' },
      { code: 'email.typo', message: 'Typo 2.' },
    ],
    changes: [{}, {}],
    duplicates: [{ rows: [1, 2] }],
  };
  assert.deepEqual(plain(gs.summarizeWash(result, { rowsRead: 2, rowsSent: 2 })), {
    rowsRead: 2,
    rowsSent: 2,
    scoreBefore: 61,
    scoreAfter: 88,
    duplicateRows: 1,
    clusters: 1,
    changedCells: 2,
    issueCount: 3,
    problems: [
      { code: 'email.typo', count: 2, example: 'Typo.' },
      { code: 'phone.invalid', count: 1, example: 'Bad phone.' },
    ],
    columns: [{ column: 0, header: 'e-post', role: 'email', before: 50, after: 100 }],
    method: 'weighted',
  });
});

test('conflictCells and splitText', () => {
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
  assert.deepEqual(plain(gs.splitText('abcdefg', 3)), ['abc', 'def', 'g']);
  assert.deepEqual(plain(gs.splitText('', 3)), ['']);
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
