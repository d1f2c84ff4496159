// The sidebar's Contact tab in headless Chromium against the real local server: upload real-shaped list
// files through the file input, see them listed with their expiry, count who may be contacted per
// channel, ask "may I call now?". Screenshot at 300 px: tests/artifacts/sidebar-contact.png.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { ROOT } = require('../fakes/stack.js');
const { useSidebarStack } = require('../fakes/sidebar_page.js');

const FILES = path.join(ROOT, 'tests/data/suppression');
const { stack, open, shot } = useSidebarStack();

function kunder() {
  return new TextDecoder('windows-1252')
    .decode(fs.readFileSync(path.join(FILES, 'kunder.csv')))
    .split('\n')
    .filter((line) => line)
    .map((line) => line.split(';'));
}

function daysAgo(n) {
  return new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
}

test('upload lists, see them with their expiry, count who may be contacted, ask about a call', async () => {
  const gas = loadAddon({
    spreadsheet: spreadsheetWith('Kunder', kunder()),
    apiUrl: stack.apiUrl,
    token: stack.info.token,
  });
  const { page, calls } = await open(gas, 'contact');
  await page.waitForSelector('#list-kind option[value="nix"]', { state: 'attached' });
  assert.equal(await page.locator('#view-contact').isVisible(), true);
  assert.match(await page.locator('#list-rule').textContent(), /counts 2 months from then/);
  assert.equal(await page.locator('#list-until-label').isVisible(), false);

  // NIX without a date: the backend's sentence, shown as an error.
  await page.setInputFiles('#list-file', path.join(FILES, 'nix_2026-11-02.txt'));
  await page.click('#list-upload');
  await page.waitForSelector('#message.error');
  assert.match(await page.locator('#message').textContent(), /needs the date it was made/);

  await page.fill('#list-date', daysAgo(70)); // two months and more ago: already expired
  await page.click('#list-upload');
  await page.waitForSelector('#lists:not([hidden]) tbody tr');
  assert.match(
    await page.locator('#message').textContent(),
    /^nix_2026-11-02\.txt: 5 values stored as hashes; counts until/,
  );
  assert.match(await page.locator('#lists tbody tr').first().textContent(), /expired: upload a new list/);

  await page.selectOption('#list-kind', 'opt_out_email');
  assert.equal(await page.locator('#list-until-label').isVisible(), true);
  await page.setInputFiles('#list-file', path.join(FILES, 'opt_out_email.csv'));
  await page.click('#list-upload');
  await page.waitForFunction(() => document.querySelectorAll('#lists tbody tr').length === 2);

  await page.click('#contact-count');
  await page.waitForSelector('#contact-result:not([hidden])');
  assert.match(await page.locator('#contact-sentence').textContent(), /^May be contacted on .*by phone 0 of 4 rows/);
  assert.match(await page.locator('#contact-notices').textContent(), /Your NIX-Telefon check expired on/);
  const phone = await page.locator('#contact-table tr[data-channel="phone"] td').allTextContents();
  assert.deepEqual(phone, ['Phone', '0', '3', '1']);
  assert.equal(await page.locator('#contact-columns').textContent(), 'Ring ej, Posta ej, E-posta ej');

  await page.fill('#call-number', '+47 900 11 222');
  await page.click('#call-ask');
  await page.waitForFunction(() => document.querySelector('#call-answer').textContent !== '');
  assert.match(await page.locator('#call-answer').textContent(), /telephone sales to Norway|telefonsalg til Norge/);
  await shot(page, 'sidebar-contact.png');

  await page.locator('#lists tbody tr').first().locator('button').click();
  await page.waitForFunction(() => document.querySelectorAll('#lists tbody tr').length === 1);
  assert.deepEqual(
    calls.filter((c) => c.startsWith('pageerror') || c.startsWith('blocked')),
    [],
  );
  await page.close();
});
