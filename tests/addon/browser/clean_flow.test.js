// The clean flow in the rendered sidebar (issue 12), 300 px wide, against the real local server: the price
// before the work, only the progress while a clean runs, a finished clean that disables "Clean sheet" until
// something changed, 402 before the start with "Buy credits" and "Clean the first N rows", a stop with its
// sticky error and Resume, Undo that asks about later edits, backups, usage in words. Every state is
// screenshotted to tests/artifacts/ (the ones in docs/img/ are copies of these).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { gate, useSidebarStack } = require('../fakes/sidebar_page.js');
const { HEADER, register } = require('../fixtures.js');

const { stack, open, shot } = useSidebarStack();

function addon(rows, token) {
  const ss = spreadsheetWith('Kunder', rows);
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: token || stack.info.token });
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '4');
  return { ss: ss, gas: gas };
}

const visible = (page, selector) => page.locator(selector).isVisible();
const text = (page, selector) => page.locator(selector).textContent();

test('price first; while the clean runs only the progress shows; done disables Clean until something changes', async () => {
  const { ss, gas } = addon(register());
  const held = gate('cleanNextChunk', 2);
  const { page, calls } = await open(gas, 'clean', held.hooks);
  await page.waitForSelector('#price:not([hidden])');
  assert.equal(await text(page, '#price-sentence'), 'This clean costs 10 rows: 10 rows free.');
  assert.deepEqual(await page.locator('#price-facts dd').allTextContents(), ['10', '0', '10', '0', '490', '0']);
  assert.equal(await page.locator('#clean').isEnabled(), true);
  await shot(page, 'sidebar-price.png');

  await page.click('#clean');
  await held.arrived; // the second chunk is "running" now
  await page.waitForFunction(() => /rows done/.test(document.querySelector('#progress-text').textContent));
  assert.match(await text(page, '#progress-text'), /^4 of 10 rows done \(part 2 of 3\)\.$/);
  for (const selector of ['#resume', '#cancel', '#clean', '#quote', '#undo']) {
    assert.equal(await visible(page, selector), false, `${selector} must not show during a run`);
  }
  await shot(page, 'sidebar-running.png');
  held.open();

  await page.waitForFunction(() => /^Done:/.test(document.querySelector('#progress-text').textContent), null, {
    timeout: 60000,
  });
  await page.waitForFunction(() => /Nothing to pay/.test(document.querySelector('#price-sentence').textContent));
  assert.match(await text(page, '#job-message'), /^Clean done\. \d+ cells changed; .* Cost: 10 rows: 10 free\.$/);
  assert.equal(
    await text(page, '#price-sentence'),
    'Nothing to pay: the 10 rows are unchanged since Rensa last cleaned them.',
  );
  assert.equal(await page.locator('#clean').isDisabled(), true);
  assert.equal(await text(page, '#clean'), 'Clean sheet (nothing changed)');
  assert.equal(await visible(page, '#undo'), true);
  assert.equal(await visible(page, '#resume'), false);
  await shot(page, 'sidebar-done.png');

  // A hand edit makes one row to clean again: the price says 1 row, Clean comes back.
  ss.getSheetByName('Kunder').getRange('B3').setValue('bo@berg.se');
  await page.click('#quote');
  await page.waitForFunction(() => /costs 1 row/.test(document.querySelector('#price-sentence').textContent));
  assert.equal(await page.locator('#clean').isEnabled(), true);
  assert.deepEqual(
    calls.filter((c) => c.startsWith('pageerror')),
    [],
  );
  await page.close();
});

test('not covered: nothing starts; Buy credits opens the checkout; "Clean the first 500 rows" cleans what is paid', async () => {
  const rows = [HEADER.slice()];
  for (let i = 1; i <= 520; i += 1) {
    rows.push([`Person ${i}`, `person${i}@firma.se`, `070${2000000 + i}`, '11418', 'Stockholm', `K-${i}`]);
  }
  const { ss, gas } = addon(rows, stack.info.token_b);
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '200');
  const { page, calls } = await open(gas, 'clean');
  await page.waitForSelector('#price:not([hidden])');
  assert.match(
    await text(page, '#price-sentence'),
    /^This clean costs 520 rows: 500 rows free\. 20 rows are not covered \(\d+\.\d\d \w{3}\): buy credits, or clean only the rows that are covered\.$/,
  );
  assert.equal(await page.locator('#clean').isDisabled(), true);
  assert.equal(await text(page, '#buy-credits'), 'Buy credits (20 more needed)');
  assert.equal(await text(page, '#clean-first'), 'Clean the first 500 rows (to row 501)');
  await shot(page, 'sidebar-not-covered.png');

  const popup = page.waitForEvent('popup');
  await page.click('#buy-credits');
  const checkout = await popup;
  assert.match(checkout.url(), /^https?:\/\//);
  await checkout.close();
  await page.waitForFunction(() =>
    /buy credits opened in a new tab/.test(document.querySelector('#message').textContent),
  );
  assert.ok(calls.includes('buyCredits'));
  assert.deepEqual(ss.getSheetByName('Kunder').getDataRange().getDisplayValues(), rows);

  await page.click('#clean-first');
  await page.waitForFunction(() => /^Done:/.test(document.querySelector('#progress-text').textContent), null, {
    timeout: 120000,
  });
  assert.equal(await text(page, '#progress-text'), 'Done: 500 rows of the tab Kunder.');
  await page.waitForFunction(() => /costs 20 rows/.test(document.querySelector('#price-sentence').textContent));
  const sheet = ss.getSheetByName('Kunder');
  assert.equal(sheet.getRange('C501').getValue(), '+46702000500');
  assert.equal(sheet.getRange('C502').getValue(), '0702000501');
  await page.close();
});

test('a stop shows its error next to the progress with what to do, and Resume finishes the clean', async () => {
  const { ss, gas } = addon(register());
  gas.context.startClean();
  gas.context.cleanNextChunk(); // the duplicate pass
  gas.context.cleanNextChunk(); // rows 1-4
  ss.onWrite = (what) => {
    if (what === 'setValues') {
      throw new Error('Exceeded maximum execution time');
    }
  };
  const { page } = await open(gas, 'clean');
  await page.click('#resume');
  await page.waitForSelector('#job-message:not([hidden])');
  await page.waitForFunction(() => /6 minutes/.test(document.querySelector('#job-message').textContent));
  assert.match(
    await text(page, '#job-message'),
    // Google's own words ("Exceeded maximum execution time") told as what happened, then what to do.
    /^Google stops an add-on after 6 minutes, and this step took longer\.\nWhat now: Press Resume: rows already done are not redone or charged again\./,
  );
  assert.equal(await visible(page, '#resume'), true);
  assert.equal(await visible(page, '#cancel'), true);
  assert.equal(await visible(page, '#clean'), false);
  // Sticky: the message box at the top is not where it is shown; the error stays next to the progress.
  assert.equal(await visible(page, '#message'), false);
  await shot(page, 'sidebar-error.png');
  ss.onWrite = null;
  await page.click('#resume');
  await page.waitForFunction(() => /^Done:/.test(document.querySelector('#progress-text').textContent));
  assert.equal(ss.getSheetByName('Kunder').getRange('C10').getValue(), '+46705556677');
  await page.close();
});

test('Undo asks how to treat the cells edited since the clean, and can keep them', async () => {
  const { ss, gas } = addon(register());
  let job = gas.context.startClean();
  while (!job.done) {
    job = gas.context.cleanNextChunk();
  }
  ss.getSheetByName('Kunder').getRange('B3').setValue('bo@berg.se');
  ss.getSheetByName('Kunder').getRange('E6').setValue('Sigtuna');
  const { page } = await open(gas, 'clean');
  await page.waitForSelector('#undo-box:not([hidden])');
  await page.click('#undo');
  await page.waitForSelector('#undo-ask:not([hidden])');
  assert.equal(
    await text(page, '#undo-question'),
    '2 cells were edited since the clean (B3, E6). Undo would overwrite them. Keep your edits?',
  );
  await shot(page, 'sidebar-undo-ask.png');
  await page.click('#undo-keep');
  await page.waitForFunction(() => /back as it was/.test(document.querySelector('#message').textContent));
  assert.equal(
    await text(page, '#message'),
    'The tab Kunder is back as it was before the clean. Your 2 later edits were kept.',
  );
  const expected = register();
  expected[2][1] = 'bo@berg.se';
  expected[5][4] = 'Sigtuna';
  const now = ss
    .getSheetByName('Kunder')
    .getDataRange()
    .getDisplayValues()
    .map((row) => row.slice(0, HEADER.length));
  assert.deepEqual(now, expected);
  await page.close();
});

test('backups are listed and discarded; usage is told in words', async () => {
  const { ss, gas } = addon(register());
  for (const edit of ['Anna A. Andersson', 'Anna B. Andersson']) {
    let job = gas.context.startClean();
    while (!job.done) {
      job = gas.context.cleanNextChunk();
    }
    ss.getSheetByName('Kunder').getRange('A2').setValue(edit);
  }
  const { page } = await open(gas, 'clean');
  await page.waitForSelector('#backups-box:not([hidden])');
  await page.click('#backups-box summary');
  assert.equal(await text(page, '#backups-count'), '2');
  const items = await page.locator('#backups li span').allTextContents();
  assert.match(items[0], /^Kunder, clean of .* UTC \(Undo puts this one back\), [\d,]+ cells $/);
  await shot(page, 'sidebar-backups.png');
  await page.click('#backups li:nth-child(2) button');
  await page.waitForFunction(() => document.querySelector('#backups-count').textContent === '1');
  assert.equal(ss.getSheets().filter((s) => s.getName().startsWith('Rensa backup: ')).length, 1);

  await page.click('.tab[data-tab="usage"]');
  await page.waitForSelector('#usage-recent li');
  const lines = await page.locator('#usage-recent li').allTextContents();
  assert.match(lines[0], /^\d+ \w{3}: cleaned 1 row of Kunder \(free\)$/);
  assert.match(
    await text(page, '#usage-month'),
    /^This month \(\w+ \d{4}\): [\d,]+ rows cleaned; [\d,]+ of 500 free rows left; 0 credits left\.$/,
  );
  assert.match(await text(page, '#usage-last'), /^Last clean: 1 row of Kunder on \d+ \w{3}, free\.$/);
  await shot(page, 'sidebar-usage.png');
  await page.close();
});
