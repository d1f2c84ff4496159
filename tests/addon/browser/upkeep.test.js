// The sidebar's "Keep this sheet clean" (Upkeep tab) in headless Chromium against the real local servers:
// turn weekly upkeep on (the tab is connected as a register on the way), let the scheduler run it twice with
// a person's edit and a new customer between the runs, and read the quality history: the score chart and
// "since the last run". Screenshots at 300 px: tests/artifacts/sidebar-upkeep*.png.
const test = require('node:test');
const assert = require('node:assert/strict');
const { editSampleTab, sampleAddon } = require('../fakes/stack.js');
const { useSidebarStack } = require('../fakes/sidebar_page.js');

const SCHEDULER_TOKEN = 'upkeep-browser-test-token';
const { stack, open, shot } = useSidebarStack({ env: { RENSA_SCHEDULER_TOKEN: SCHEDULER_TOKEN } }); // /v1/hooks/upkeep is on

const edit = async (row, column, value) => assert.equal(await editSampleTab(stack, row, column, value), 200);

test('turn upkeep on, two runs with an edit between them, the history chart and what changed', async () => {
  const gas = sampleAddon(stack);
  const { page } = await open(gas, 'upkeep');
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
  await shot(page, 'sidebar-upkeep-on.png');

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
  await shot(page, 'sidebar-upkeep-history.png');

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
