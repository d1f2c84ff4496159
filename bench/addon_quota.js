// What a sidebar clean costs in Apps Script quota, measured: SpreadsheetApp calls, cells read and written,
// UrlFetch calls and bytes, and seconds per step, for a register of N rows x 12 columns, run by the add-on's
// own code (addon/*.gs in the Node harness of tests/addon/fakes) against the real local backend.
//
//   node bench/addon_quota.js [rows=10000] [chunk=1000]
//
// Seconds are this machine's (Node runs the add-on's JavaScript several times faster than Apps Script's V8,
// and the backend is local, with no network in between): read them as the backend's share plus a floor for
// the script's; the counts are what Google counts. Note `uptime` with every figure.
const os = require('node:os');
const { loadAddon } = require('../tests/addon/fakes/gas.js');
const { FakeRange, spreadsheetWith } = require('../tests/addon/fakes/spreadsheet.js');
const { startStack } = require('../tests/addon/fakes/stack.js');
const { largeRegister } = require('../tests/addon/fixtures.js');

const ROWS = Number(process.argv[2] || 10000);
const CHUNK = Number(process.argv[3] || 1000);
/** Counts every SpreadsheetApp range call and its cells. */
function instrument() {
  const counts = { calls: 0, read: 0, written: 0 };
  const reads = ['getValues', 'getDisplayValues', 'getFormulas', 'getBackgrounds', 'getNotes', 'getNumberFormats'];
  const writes = ['setValues', 'setBackgrounds', 'setNotes', 'setNumberFormat', 'clear', 'copyTo', 'setValue', 'setFormula'];
  for (const name of reads.concat(writes)) {
    const original = FakeRange.prototype[name];
    FakeRange.prototype[name] = function counted(...args) {
      counts.calls += 1;
      const cells = this.height * this.width;
      if (reads.includes(name)) {
        counts.read += cells;
      } else {
        counts.written += name === 'copyTo' ? cells : name === 'setNumberFormat' ? 0 : cells;
      }
      return original.apply(this, args);
    };
  }
  const { FakeSheet } = require('../tests/addon/fakes/spreadsheet.js');
  const list = FakeSheet.prototype.getRangeList;
  FakeSheet.prototype.getRangeList = function counted(a1s) {
    const ranges = list.call(this, a1s);
    return Object.assign({}, ranges, {
      setNumberFormat: (format) => {
        counts.calls += 1; // one RangeList call for all of them
        const inner = counts.calls;
        ranges.setNumberFormat(format);
        counts.calls = inner;
      },
    });
  };
  return counts;
}

function step(label, counts, calls, fn) {
  const before = Object.assign({}, counts);
  const fetches = calls.length;
  const start = process.hrtime.bigint();
  const value = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const sent = calls.slice(fetches).reduce((n, c) => n + (c.bytes || 0), 0);
  return {
    value: value,
    row: {
      step: label,
      calls: counts.calls - before.calls,
      read: counts.read - before.read,
      written: counts.written - before.written,
      fetches: calls.length - fetches,
      sentBytes: sent,
      seconds: seconds,
    },
  };
}

(async () => {
  const stack = await startStack();
  try {
    const counts = instrument();
    const ss = spreadsheetWith('Kunder', largeRegister(ROWS));
    const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token });
    gas.properties.script.setProperty('RENSA_CHUNK_ROWS', String(CHUNK));
    const gs = gas.context;
    const account = gs.getUsage().account_id;
    require('node:child_process').execFileSync(
      require('node:path').join(__dirname, '../.venv/bin/python'),
      ['-m', 'functions.admin', 'grant-credits', account, String(ROWS), '--reason', 'bench'],
      {
        cwd: require('node:path').join(__dirname, '..'),
        env: Object.assign({}, process.env, {
          RENSA_DATABASE_URL: `sqlite:///${require('node:path').join(require('node:path').dirname(stack.info.log), 'rensa.db')}`,
        }),
      },
    );
    const rows = [];
    rows.push(step('price (quoteClean)', counts, gas.calls, () => gs.quoteClean()).row);
    const start = step('start (reserve, roles, backup)', counts, gas.calls, () => gs.startClean());
    rows.push(start.row);
    // The duplicate pass: one call up to 20,000 rows, else the split pass over several executions.
    // Executions of cleanNextChunk, summed into one row, until `more(job)` is false.
    const summed = (label, more) => {
      const total = { step: label, calls: 0, read: 0, written: 0, fetches: 0, sentBytes: 0, seconds: 0, max: 0, executions: 0 };
      do {
        const one = step(label, counts, gas.calls, () => gs.cleanNextChunk());
        job = one.value;
        for (const k of ['calls', 'read', 'written', 'fetches', 'sentBytes', 'seconds']) {
          total[k] += one.row[k];
        }
        total.max = Math.max(total.max, one.row.seconds);
        total.executions += 1;
      } while (more(job));
      return total;
    };
    let job = start.value;
    const passFrom = gas.calls.length;
    const pass = summed('pass', (j) => j.phase === 'duplicates');
    pass.step = `duplicate pass (${pass.executions} executions)`;
    rows.push(pass);
    const passCalls = gas.calls.slice(passFrom).filter((c) => c.url.includes('/v1/duplicates'));
    const ofKind = {};
    for (const c of passCalls) {
      const kind = c.url.replace(/.*\/v1\//, '/v1/');
      const k = ofKind[kind] || (ofKind[kind] = { calls: 0, rows: 0, maxRows: 0, seconds: 0, maxSeconds: 0, bytes: 0, maxBytes: 0 });
      k.calls += 1;
      k.rows += c.body.rows.length;
      k.maxRows = Math.max(k.maxRows, c.body.rows.length);
      k.seconds += c.seconds;
      k.maxSeconds = Math.max(k.maxSeconds, c.seconds);
      k.bytes += c.bytes;
      k.maxBytes = Math.max(k.maxBytes, c.bytes);
    }
    const chunks = summed('chunk', (j) => !j.done);
    chunks.step = `chunks (${Math.ceil(ROWS / CHUNK)} x ${CHUNK} rows)`;
    rows.push(chunks);
    rows.push(step('second price (nothing changed)', counts, gas.calls, () => gs.quoteClean()).row);
    rows.push(step('undo check', counts, gas.calls, () => gs.undoCheck()).row);
    rows.push(step('undo', counts, gas.calls, () => gs.undoLastClean({ confirmed: true })).row);
    const per = 10000 / ROWS;
    console.log(`rows=${ROWS} x 12, chunk=${CHUNK}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log('| step | SpreadsheetApp calls | cells read | cells written | UrlFetch calls | bytes sent | seconds | per 10,000 rows: calls / cells read / cells written / fetches / s |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const s = r.max !== undefined ? `${r.seconds.toFixed(1)} (longest chunk ${r.max.toFixed(1)})` : r.seconds.toFixed(1);
      console.log(
        `| ${r.step} | ${r.calls} | ${r.read.toLocaleString('en-US')} | ${r.written.toLocaleString('en-US')} | ${r.fetches} | ${r.sentBytes.toLocaleString('en-US')} | ${s} | ${(r.calls * per).toFixed(0)} / ${Math.round(r.read * per).toLocaleString('en-US')} / ${Math.round(r.written * per).toLocaleString('en-US')} / ${(r.fetches * per).toFixed(1)} / ${(r.seconds * per).toFixed(1)} |`,
      );
    }
    console.log(`\nduplicate pass calls (UrlFetch, request to answer), load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}:`);
    console.log('| endpoint | calls | rows sent (longest call) | seconds (longest call) | bytes sent (largest) |');
    console.log('|---|---|---|---|---|');
    for (const [kind, k] of Object.entries(ofKind)) {
      console.log(
        `| ${kind} | ${k.calls} | ${k.rows.toLocaleString('en-US')} (${k.maxRows.toLocaleString('en-US')}) | ${k.seconds.toFixed(1)} (${k.maxSeconds.toFixed(1)}) | ${k.bytes.toLocaleString('en-US')} (${k.maxBytes.toLocaleString('en-US')}) |`,
      );
    }
  } finally {
    await stack.stop();
  }
})();
