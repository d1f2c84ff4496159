// The split duplicate pass's planning in addon/Clean.gs (issue 12): parts of whole blocks and calls of whole
// components, each at most the rows one call may carry. Pure functions, no backend.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');

const gs = loadAddon({ spreadsheet: spreadsheetWith('Kunder', [['a']]) }).context;
const plain = (value) => JSON.parse(JSON.stringify(value));

/** Every pair of rows that shares a block id. */
function blockPairs(keys) {
  const pairs = new Set();
  keys.forEach((a, i) => {
    keys.forEach((b, j) => {
      if (i < j && a && b && a.split(' ').some((id) => b.split(' ').includes(id))) {
        pairs.add(`${i + 1} ${j + 1}`);
      }
    });
  });
  return pairs;
}

test('parts hold whole blocks, at most `size` rows each, and every pair that shares a block', () => {
  // 60 rows: e-mail blocks of two rows far apart, address blocks of five neighbours, lone rows
  const keys = [];
  for (let r = 1; r <= 60; r += 1) {
    const ids = [];
    if (r <= 20) {
      ids.push(`0.mail${r}`);
    } else if (r > 40) {
      ids.push(`0.mail${r - 40}`);
    }
    if (r % 7) {
      ids.push(`9.addr${Math.ceil(r / 5)}`);
    }
    keys.push(ids.join(' '));
  }
  keys[33] = ''; // a row with no key at all
  const parts = plain(gs.planParts(keys, 12));
  assert.ok(parts.length > 3);
  for (const part of parts) {
    assert.ok(part.length <= 12, JSON.stringify(part));
    assert.deepEqual(
      part,
      [...part].sort((a, b) => a - b),
    );
  }
  const together = new Set();
  for (const part of parts) {
    for (const a of part) {
      for (const b of part) {
        if (a < b) {
          together.add(`${a} ${b}`);
        }
      }
    }
  }
  for (const pair of blockPairs(keys)) {
    assert.ok(together.has(pair), `rows ${pair} share a block but no part`);
  }
  assert.ok(!parts.flat().includes(34), 'a row without keys is in no part');
});

test('a block larger than a part goes in overlapping runs: neighbours stay together', () => {
  const keys = Array.from({ length: 50 }, () => '7.common');
  const parts = plain(gs.planParts(keys, 20));
  assert.deepEqual(
    parts.map((p) => [p[0], p[p.length - 1]]),
    [
      [1, 20],
      [13, 32],
      [25, 44],
      [37, 50],
    ],
  );
  for (let r = 1; r < 50; r += 1) {
    for (let k = 1; k <= 8 && r + k <= 50; k += 1) {
      assert.ok(
        parts.some((p) => p.includes(r) && p.includes(r + k)),
        `rows ${r} and ${r + k}`,
      );
    }
  }
});

test('component calls: best score of a pair, whole components, every pair among the call rows', () => {
  const lines = [
    '1 5 0.95 false 14.5',
    '1 5 0.7 false 3.1', // the same pair from another part, lower
    '5 9 0.8 false 4.2', // 1-5-9 is one component
    '1 9 0.4 true -1.5', // below review: no edge, but sent with its component
    '20 30 0.99 false 9.9',
    '40 41 0.5 false 0.1', // no component: never above review
    '50 51 0.61 false 0.6',
  ];
  const calls = plain(gs.componentCalls(lines, 4));
  assert.deepEqual(
    calls.map((c) => c.rows),
    [
      [1, 5, 9],
      [20, 30, 50, 51], // two whole components fit one call of four rows
    ],
  );
  assert.deepEqual(calls[0].pairs, [
    [1, 5, 0.95, false, 14.5],
    [5, 9, 0.8, false, 4.2],
    [1, 9, 0.4, true, -1.5],
  ]);
  for (const call of calls) {
    assert.ok(call.rows.length <= 4);
  }
});

test('log cells: entries packed under 40,000 characters a cell, read back line by line', () => {
  const ss = spreadsheetWith('Kunder', [['a']]);
  const addon = loadAddon({ spreadsheet: ss }).context;
  const tab = ss.insertSheet('Rensa job: test');
  const entries = Array.from({ length: 3000 }, (_, i) => `${i + 1} ${i + 2} 0.912345 false 3.3`.padEnd(40, ' '));
  const cells = addon.writeLog(tab, 4, 1, entries);
  assert.equal(cells, Math.ceil((3000 * 41) / 40000));
  for (let r = 1; r <= cells; r += 1) {
    assert.ok(String(tab.getRange(r, 4).getValue()).length <= 40000);
  }
  assert.deepEqual(plain(addon.readLog(tab, 4, cells, true)), entries);
});

test('a block of a rule that needs a row without the value ("*") is sent only when it has one', () => {
  const keys = ['10.street+', '10.street+', '10.street+', '10.other+ 10.x', '10.other*', '10.x'];
  const parts = plain(gs.planParts(keys, 10));
  // "10.street" has no row without a postcode: no pair of it counts; "10.other" and "10.x" do
  assert.deepEqual(parts, [[4, 5, 6]]);
});
