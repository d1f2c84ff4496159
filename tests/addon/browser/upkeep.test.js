// The sidebar's "Keep this sheet clean" (Upkeep tab) in headless Chromium against the real local servers:
// turn weekly upkeep on (the tab is connected as a register on the way), let the scheduler run it twice with
// a person's edit and a new customer between the runs, and read the quality history: the score chart and
// "since the last run". Screenshots at 300 px: tests/artifacts/sidebar-upkeep*.png.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadAddon } = require('../fakes/gas.js');
const { FakeSpreadsheet } = require('../fakes/spreadsheet.js');
const { startStack, ROOT } = require('../fakes/stack.js');
const { launch, openSidebar } = require('../fakes/sidebar_page.js');

const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
const SCHEDULER_TOKEN = 'upkeep-browser-test-token';
let stack;
let browser;

test.before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  process.env.RENSA_SCHEDULER_TOKEN = SCHEDULER_TOKEN; // the stack's servers read it: /v1/hooks/upkeep is on
  [stack, browser] = await Promise.all([startStack(), launch()]);
});

test.after(async () => {
  await Promise.all([browser ? browser.close() : null, stack ? stack.stop() : null]);
});

/** The Sheets fake's sample tab, opened in the add-on (same id, tab and header as the backend sees). */
function sampleAddon() {
  const ss = new FakeSpreadsheet(stack.info.spreadsheet_id);
  const sheet = ss.insertSheet(stack.info.sheet);
  const rows = [
    ['Namn', 'E-post', 'Telefon', 'Postnummer', 'Ort'],
    ['Anna Berg', 'ANNA.BERG@GMAIL.COM', '070-123 45 67', '11418', 'Stockholm'],
  ];
  sheet.getRange(1, 1, rows.length, 5).setNumberFormat('@').setValues(rows);
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token });
  gas.properties.script.setProperty('RENSA_SERVICE_ACCOUNT', stack.info.service_account_email);
  return gas;
}

/** Changes one cell of the backend's copy of the tab (Sheets fake), as a person editing the sheet would. */
async function edit(row, column, value) {
  const res = await fetch(`${stack.info.sheets_url}/_fake/spreadsheets/${stack.info.spreadsheet_id}/set`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sheet: stack.info.sheet, row: row, column: column, value: value }),
  });
  assert.equal(res.status, 200);
}

test('turn upkeep on, two runs with an edit between them, the history chart and what changed', async () => {
  const gas = sampleAddon();
  const { page } = await openSidebar(browser, gas, 'upkeep');
  await page.setViewportSize({ width: 300, height: 900 });
  await page.waitForSelector('#upkeep-account:not(:empty)');
  assert.equal(await page.locator('#upkeep-frequency').inputValue(), 'off');
  assert.equal(await page.locator('#upkeep-day-label').isVisible(), false);
  assert.equal(await page.locator('#upkeep-run').isVisible(), false);
  assert.equal(await page.locator('#upkeep-account').textContent(), stack.info.service_account_email);

  await page.selectOption('#upkeep-frequency', 'weekly');
  assert.equal(await page.locator('#upkeep-day-label').isVisible(), true);
  await page.selectOption('#upkeep-day', '3');
  await page.click('#upkeep-save');
  await page.waitForSelector('#upkeep-run:not([hidden])');
  assert.match(await page.locator('#message').textContent(), /Upkeep is on/);
  assert.match(await page.locator('#upkeep-what').textContent(), /charges only the new and edited rows/);
  assert.match(await page.locator('#upkeep-next').textContent(), /^Next run: .* UTC\.$/);
  assert.equal(await page.locator('#upkeep-day').inputValue(), '3');
  await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-upkeep-on.png'), fullPage: true });

  // The first run cleans every row (there are no fingerprints yet).
  await page.click('#upkeep-run');
  await page.waitForSelector('#upkeep-chart svg circle');
  assert.match(await page.locator('#message').textContent(), /Upkeep ran/);
  assert.equal(await page.locator('#upkeep-chart circle').count(), 1);

  // A person fixes a typo by hand and adds a customer; the next run cleans those two rows only.
  await edit(3, 2, 'bjorn.ek@hotmail.com');
  await edit(6, 1, 'Eva Lund');
  await edit(6, 2, 'EVA.LUND@FIRMA.SE');
  await page.click('#upkeep-run');
  await page.waitForFunction(() => document.querySelectorAll('#upkeep-chart circle').length === 2);
  const since = await page.locator('#upkeep-since').textContent();
  assert.match(since, /^Since the last run: 1 new row, 2 rows cleaned/);
  assert.match(
    await page.locator('#upkeep-chart svg').getAttribute('aria-label'),
    /^Quality score over time: \d+, \d+$/,
  );
  await page.screenshot({ path: path.join(ARTIFACTS, 'sidebar-upkeep-history.png'), fullPage: true });

  // The scheduler's endpoint answers for the hooks target (nothing is due yet: next Wednesday).
  const due = await fetch(`${stack.info.hooks_url}/v1/hooks/upkeep`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SCHEDULER_TOKEN}` },
  });
  assert.deepEqual(await due.json(), { ran: [], failed: [] });

  await page.selectOption('#upkeep-frequency', 'off');
  await page.click('#upkeep-save');
  await page.waitForSelector('#upkeep-run[hidden]', { state: 'attached' });
  assert.equal(await page.locator('#upkeep-next').textContent(), 'Upkeep is off.');
  assert.equal(await page.locator('#upkeep-chart circle').count(), 2); // the history stays
});
