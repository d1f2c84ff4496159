// Starts the project's local stack (tests/fakes/stack.py: the real functions-framework `api` server
// with a fake Google token issuer and Sheets fake on loopback) and reads its one JSON line.
const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '../../..');
const PYTHON = fs.existsSync(path.join(ROOT, '.venv/bin/python')) ? path.join(ROOT, '.venv/bin/python') : 'python3';

/**
 * @param {Object<string, string>=} env more environment for the stack's servers (RENSA_SCHEDULER_TOKEN ...)
 * @return {Promise<{info: Object, apiUrl: string, stop: function(): Promise<void>}>}
 */
function startStack(env) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(PYTHON, ['-m', 'tests.fakes.stack'], {
      cwd: ROOT,
      // Newsletter connections store their secrets encrypted with this Fernet key (32 random bytes).
      env: Object.assign({ RENSA_SECRETS_KEY: `${crypto.randomBytes(32).toString('base64url')}=` }, process.env, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`tests.fakes.stack printed nothing within 60 s:\n${stderr}`));
    }, 60000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tests.fakes.stack exited with ${code}:\n${stderr}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line);
      const apiUrl = String(info.api_url).replace(/\/+$/, '').replace(/\/v1$/, '');
      const stop = () =>
        new Promise((done) => {
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.kill('SIGTERM');
        });
      resolve({ info: info, apiUrl: apiUrl, stop: stop });
    });
  });
}

/**
 * Starts the stack once for the calling test file (node:test `before`/`after`) and stops it at the end.
 * @return {{info: Object, apiUrl: string, stop: function(): Promise<void>}} filled in once `before` ran
 */
function useStack() {
  const test = require('node:test');
  const stack = {};
  test.before(async () => {
    Object.assign(stack, await startStack());
  });
  test.after(async () => {
    if (stack.stop) {
      await stack.stop();
    }
  });
  return stack;
}

/**
 * The backend's vocabulary (what GET /v1/vocabulary answers), for tests of pure helpers that take it
 * as an argument: read from the Python code itself, so the tests hold no copy of a sentence.
 * @return {Object}
 */
function backendVocabulary() {
  const code = 'import json; from functions.handlers.vocabulary import vocabulary; print(json.dumps(vocabulary()))';
  return JSON.parse(childProcess.execFileSync(PYTHON, ['-c', code], { cwd: ROOT, encoding: 'utf8' }));
}

/** The Sheets fake's sample tab's header and first row, as the add-on's copy of it holds them. */
const SAMPLE_ROWS = [
  ['Namn', 'E-post', 'Telefon', 'Postnummer', 'Ort'],
  ['Anna Berg', 'ANNA.BERG@GMAIL.COM', '070-123 45 67', '11418', 'Stockholm'],
];

/**
 * The Sheets fake's sample tab opened in the add-on: the same spreadsheet id, tab name and header as the
 * backend reads through the Sheets fake (where upkeep and the bounce flush write), shared with Rensa's
 * service account.
 * @param {Object} stack a started stack
 * @param {{spreadsheetId: (string|undefined), token: (string|undefined), locale: (string|undefined)}=} options
 * @return {Object} the loadAddon runtime
 */
function sampleAddon(stack, options) {
  const { loadAddon } = require('./gas.js');
  const { FakeSpreadsheet } = require('./spreadsheet.js');
  const o = options || {};
  const ss = new FakeSpreadsheet(o.spreadsheetId || stack.info.spreadsheet_id);
  const sheet = ss.insertSheet(stack.info.sheet);
  sheet
    .getRange(1, 1, SAMPLE_ROWS.length, 5)
    .setNumberFormat('@')
    .setValues(SAMPLE_ROWS.map((r) => r.slice()));
  const gas = loadAddon({
    spreadsheet: ss,
    apiUrl: stack.apiUrl,
    token: o.token || stack.info.token,
    locale: o.locale,
  });
  gas.properties.script.setProperty('RENSA_SERVICE_ACCOUNT', stack.info.service_account_email);
  return gas;
}

/**
 * Changes one cell of the backend's copy of the sample tab (Sheets fake), as a person editing the sheet would.
 * @return {Promise<number>} the fake's HTTP status (200)
 */
async function editSampleTab(stack, row, column, value) {
  const res = await fetch(`${stack.info.sheets_url}/_fake/spreadsheets/${stack.info.spreadsheet_id}/set`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sheet: stack.info.sheet, row: row, column: column, value: value }),
  });
  return res.status;
}

module.exports = { startStack, useStack, backendVocabulary, sampleAddon, editSampleTab, SAMPLE_ROWS, ROOT };
