// The sidebar in real headless Chromium against the real local functions server: open, detect roles,
// correct one, test wash with the score and chart, clean with progress, undo. Screenshots go to
// tests/artifacts/ (one of them is docs/img/sidebar.png).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { FakeSpreadsheet, spreadsheetWith } = require('../fakes/spreadsheet.js');
const { useSidebarStack } = require('../fakes/sidebar_page.js');
const { HEADER, ROWS, register } = require('../fixtures.js');

const { stack, open, shot } = useSidebarStack();

function addon(rows) {
  const ss = spreadsheetWith('Kunder', rows);
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token });
  gas.properties.script.setProperty('RENSA_CHUNK_ROWS', '4');
  return { ss: ss, gas: gas };
}

async function messageText(page) {
  return page.locator('#message').textContent();
}

test('open, detect columns, correct a role, test wash, clean, undo', async () => {
  const { ss, gas } = addon(register());
  const { page, calls } = await open(gas, 'clean');
  assert.equal(await page.locator('#sheet-name').textContent(), 'Kunder');

  await page.click('#detect');
  await page.waitForSelector('#columns:not([hidden])');
  const names = await page.locator('#columns tbody tr td:first-child').allTextContents();
  assert.deepEqual(names, HEADER);
  assert.equal(await page.locator('select[data-index="1"]').inputValue(), 'email');
  // Kundnummer is not a personal id: keep it as it is.
  await page.selectOption('select[data-index="5"]', '');
  await page.waitForFunction(() => !document.querySelector('#detect').disabled);

  await page.click('#wash');
  await page.waitForSelector('#wash-result:not([hidden])');
  const before = Number(await page.locator('#score-before').textContent());
  const after = Number(await page.locator('#score-after').textContent());
  assert.ok(after >= before, `${before} -> ${after}`);
  // Kundnummer was set to "leave as it is": not part of the score, not in the chart.
  assert.equal(await page.locator('#chart svg rect.bar-after').count(), HEADER.length - 1);
  // The backend's own sentences (core/status.py), the same the CLI and the report print.
  assert.match(
    await page.locator('#wash-facts').textContent(),
    /^\d+ cells would change\. .*1 row repeats another row .*Test wash only: nothing was written\.$/,
  );
  assert.ok((await page.locator('#score-meaning').textContent()).startsWith('The score is'));
  assert.equal(await page.locator('#problems-title').isVisible(), true);
  await shot(page, 'sidebar-wash.png');
  // Nothing was written by the wash.
  assert.deepEqual(ss.getSheetByName('Kunder').getDataRange().getDisplayValues(), register());
  const settings = JSON.parse(gas.properties.document.getProperty('rensa.settings'));
  assert.deepEqual(settings.roles, { 5: null });

  await page.waitForSelector('#price:not([hidden])');
  assert.match(await page.locator('#price-sentence').textContent(), /^This clean costs 10 rows: 10 rows free\./);
  await page.click('#clean');
  await page.waitForFunction(() => /^Done:/.test(document.querySelector('#progress-text').textContent), null, {
    timeout: 60000,
  });
  assert.match(await page.locator('#job-message').textContent(), /Clean done\. \d+ cells changed/);
  assert.equal(await page.locator('#progress').evaluate((p) => p.value), ROWS.length);
  const facts = await page.locator('#clean-facts li').allTextContents();
  assert.ok(facts.includes('Cost: 10 rows: 10 free'), facts.join(' | '));
  assert.ok(facts.includes('1 row repeats another row (customers listed more than once: 1).'), facts.join(' | '));
  await shot(page, 'sidebar-clean.png');
  const sheet = ss.getSheetByName('Kunder');
  assert.equal(sheet.getRange('C2').getValue(), '+46701234567');
  assert.equal(sheet.getRange('G1').getValue(), 'Rensa status');

  await page.waitForSelector('#undo-box:not([hidden])');
  await page.click('#undo');
  await page.waitForFunction(() => /back as it was/.test(document.querySelector('#message').textContent));
  assert.deepEqual(sheet.getDataRange().getDisplayValues(), register());
  assert.deepEqual(
    calls.filter((c) => c.startsWith('pageerror')),
    [],
  );
  assert.deepEqual([...new Set(calls)].sort(), [
    'cleanNextChunk',
    'detectColumns',
    'getSidebarState',
    'listBackups',
    'quoteClean',
    'runTestWash',
    'saveSettings',
    'startClean',
    'undoCheck',
    'undoLastClean',
  ]);
  await page.close();
});

test('the Test wash menu item opens the sidebar and runs the wash at once', async () => {
  const { gas } = addon(register());
  const { page } = await open(gas, 'wash');
  await page.waitForSelector('#wash-result:not([hidden])', { timeout: 30000 });
  assert.match(await messageText(page), /nothing in the sheet was changed/);
  await page.close();
});

test('text from the sheet and the server is shown as text, never as HTML', async () => {
  const rows = register();
  rows[0][0] = '<img src=x onerror="window.__pwned=1">Namn';
  const { gas } = addon(rows);
  const { page } = await open(gas, 'clean');
  await page.click('#detect');
  await page.waitForSelector('#columns:not([hidden])');
  assert.equal(await page.locator('#columns tbody td').first().textContent(), rows[0][0]);
  assert.equal(await page.locator('#columns img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.close();
});

test('a failure from the backend is shown in the message box and the button comes back', async () => {
  const ss = spreadsheetWith('Kunder', register());
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: 'expired-or-foreign' });
  const { page } = await open(gas, 'clean');
  await page.click('#wash');
  await page.waitForSelector('#message.error');
  assert.ok((await messageText(page)).length > 0);
  assert.doesNotMatch(await messageText(page), /^\{/);
  assert.equal(await page.locator('#wash').isDisabled(), false);
  await page.close();
});

test('a half-done clean is offered for resuming when the sidebar opens again', async () => {
  const { ss, gas } = addon(register());
  gas.context.startClean();
  gas.context.cleanNextChunk(); // the duplicate pass
  gas.context.cleanNextChunk();
  const { page } = await open(gas, 'clean');
  assert.match(await page.locator('#job-message').textContent(), /^The clean stopped after 4 of 10 rows /);
  assert.match(await page.locator('#progress-text').textContent(), /4 of 10 rows done \(part 2 of 3\)/);
  // Only what can be done now: resume or cancel; no new clean while this one is half done.
  assert.equal(await page.locator('#resume').isVisible(), true);
  assert.equal(await page.locator('#cancel').isVisible(), true);
  assert.equal(await page.locator('#clean').isVisible(), false);
  await shot(page, 'sidebar-resume.png');
  await page.click('#resume');
  await page.waitForFunction(() => /^Done:/.test(document.querySelector('#progress-text').textContent));
  assert.equal(ss.getSheetByName('Kunder').getRange('C10').getValue(), '+46705556677');
  await page.close();
});

test('usage view shows credits from GET /v1/usage', async () => {
  const { gas } = addon(register());
  const { page } = await open(gas, 'usage');
  await page.waitForSelector('#usage dt');
  const labels = await page.locator('#usage dt').allTextContents();
  assert.ok(labels.includes('Free rows left this month'), labels.join(' | '));
  assert.ok(labels.includes('Credits left'));
  await page.close();
});

test('connect a newsletter tool: share step, secret only where the tool has one, webhook URL, listed', async () => {
  const ss = new FakeSpreadsheet(stack.info.spreadsheet_id);
  const rows = [
    ['Namn', 'E-post', 'Telefon', 'Postnummer', 'Ort'],
    ['Anna Berg', 'ANNA.BERG@GMAIL.COM', '070-123 45 67', '11418', 'Stockholm'],
  ];
  ss.insertSheet(stack.info.sheet).getRange(1, 1, 2, 5).setNumberFormat('@').setValues(rows);
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token_b });
  gas.properties.script.setProperty('RENSA_SERVICE_ACCOUNT', stack.info.service_account_email);
  const { page } = await open(gas, 'connect');
  assert.equal(await page.locator('#view-connect').isVisible(), true);
  assert.equal(await page.locator('#service-account').textContent(), stack.info.service_account_email);
  await page.waitForSelector('#connections p');
  assert.match(await page.locator('#connections').textContent(), /No newsletter tool is connected/);

  // The e-mail column Rensa detects is picked and shown (not the first column).
  assert.equal(await page.locator('#email-column').inputValue(), 'E-post');
  assert.match(await page.locator('#email-column-how').textContent(), /^E-post: found by Rensa\./);
  await page.selectOption('#provider', 'mailgun');
  assert.equal(await page.locator('#secret-label').isVisible(), true);
  assert.equal(await page.locator('#secret-name').textContent(), "Mailgun's HTTP webhook signing key");
  assert.equal(await page.locator('#secret-where').textContent(), '(under Sending → Webhooks)');
  // Without it, Mailgun is refused, naming the key in the user's words; nothing is created.
  await page.click('#connect');
  await page.waitForSelector('#message.error');
  assert.equal(
    await messageText(page),
    "Paste Mailgun's HTTP webhook signing key (under Sending → Webhooks) first: without it Rensa cannot tell real bounces from fakes.",
  );
  assert.equal(await page.locator('#connect-result').isVisible(), false);
  await shot(page, 'sidebar-connect-no-secret.png');
  await page.selectOption('#provider', 'mailchimp');
  assert.equal(await page.locator('#secret-label').isVisible(), false);
  await page.selectOption('#email-column', 'E-post');
  await page.click('#connect');
  await page.waitForSelector('#connect-result:not([hidden])');
  const url = await page.locator('#webhook-url').inputValue();
  assert.match(url, /\/v1\/hooks\/mailchimp\/[^/?]+\?key=/);
  await page.waitForSelector('#connections .connection');
  assert.match(await page.locator('#connections .connection').textContent(), /Mailchimp.*E-mail column: E-post/s);
  await shot(page, 'sidebar-connect.png');
  // Mailchimp reports two hard bounces. Rensa keeps only keyed hashes of the addresses, so the list shows who
  // each is about from the sheet: the address as the sheet holds it and its rows, or that it is not there.
  for (const email of ['anna.berg@gmail.com', 'nobody@example.org']) {
    const fields = { type: 'cleaned', fired_at: '2026-11-30 10:00:00', 'data[reason]': 'hard', 'data[email]': email };
    const sent = await fetch(url, { method: 'POST', body: new URLSearchParams({ ...fields, 'data[list_id]': 'l1' }) });
    assert.equal(sent.status, 200, await sent.text());
  }
  await page.click('#refresh-connections');
  await page.waitForFunction(() => /not in the sheet/.test(document.querySelector('#connections').textContent));
  const waiting = await page.locator('#connections .connection li').allTextContents();
  assert.deepEqual(waiting.sort(), [
    'ANNA.BERG@GMAIL.COM (rows 2 and 4) · hard bounce · Waiting for the next flush.',
    'not in the sheet · hard bounce · Waiting for the next flush.',
  ]);
  await shot(page, 'sidebar-connect-events.png');
  await page.click('#connections .connection button:has-text("Disconnect")');
  await page.waitForFunction(() => /disconnected/.test(document.querySelector('#message').textContent));
  await page.close();
});

test('the header row under a title line is found, shown, and can be set in the sidebar', async () => {
  const rows = [
    ['Kundregister 2024', '', '', '', '', ''],
    ['', '', '', '', '', ''],
  ].concat(register());
  const { ss, gas } = addon(rows);
  const { page } = await open(gas, 'clean');
  assert.equal(await page.locator('#header-row').textContent(), '3');
  assert.equal(await page.locator('#header-row-source').textContent(), '(the first filled row)');
  await page.click('#detect');
  await page.waitForSelector('#columns:not([hidden])');
  assert.deepEqual(await page.locator('#columns tbody tr td:first-child').allTextContents(), HEADER);

  // A row past the end is refused with a plain message; the shown row stays.
  await page.click('#header-row-edit summary');
  await page.fill('#header-row-input', '40');
  await page.click('#header-row-save');
  await page.waitForSelector('#message.error');
  assert.match(await messageText(page), /^The header row must be a row number from 1 to 13\.$/);
  assert.equal(await page.locator('#header-row').textContent(), '3');

  await page.fill('#header-row-input', '1');
  await page.click('#header-row-save');
  await page.waitForFunction(() => /now read from row 1/.test(document.querySelector('#message').textContent));
  assert.equal(await page.locator('#header-row-source').textContent(), '(set by you)');
  assert.equal(await page.locator('#columns').isVisible(), false);
  assert.deepEqual(await page.locator('#email-column option').allTextContents(), ['Kundregister 2024']);

  await page.click('#header-row-edit summary');
  await page.click('#header-row-auto');
  await page.waitForFunction(() => /now read from row 3/.test(document.querySelector('#message').textContent));
  assert.equal(await page.locator('#header-row-source').textContent(), '(the first filled row)');
  assert.deepEqual(await page.locator('#email-column option').allTextContents(), HEADER);
  await shot(page, 'sidebar-header-row.png');
  // Nothing in the sheet changed.
  assert.deepEqual(ss.getSheetByName('Kunder').getDataRange().getDisplayValues(), rows);
  await page.close();
});
