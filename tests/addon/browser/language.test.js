// The sidebar in Swedish and Norwegian: the language comes from the Google account's locale
// (Session.getActiveUserLocale) or the sidebar's own setting; the words come from the same catalogues as the
// CLI and the API (addon.po -> I18n.gs), and the backend answers in the same language. Screenshots at 300 px
// go to tests/artifacts/sidebar-sv.png and sidebar-nb.png.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { startStack, ROOT } = require('../fakes/stack.js');
const { launch, openSidebar } = require('../fakes/sidebar_page.js');
const { register } = require('../fixtures.js');

const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
let stack;
let browser;

test.before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [stack, browser] = await Promise.all([startStack(), launch()]);
});

test.after(async () => {
  await Promise.all([browser ? browser.close() : null, stack ? stack.stop() : null]);
});

function addon(locale) {
  const ss = spreadsheetWith('Kunder', register());
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token, locale: locale });
  return { ss: ss, gas: gas };
}

const CASES = [
  {
    locale: 'sv_SE',
    language: 'sv',
    tabs: ['Tvätta', 'Nyhetsbrev', 'Användning'],
    detect: 'Känn igen kolumner',
    wash: 'Kör testtvätt',
    done: 'Testtvätten är klar: inget i bladet ändrades.',
    role: 'E-postadress',
    facts: /^\d+ celler skulle ändras\./,
    menu: 'Tvätta bladet',
  },
  {
    locale: 'no_NO', // "no" falls back to Bokmål
    language: 'nb',
    tabs: ['Vask', 'Nyhetsbrev', 'Bruk'],
    detect: 'Gjenkjenn kolonner',
    wash: 'Kjør testvask',
    done: 'Testvasken er ferdig: ingenting i arket ble endret.',
    role: 'E-postadresse',
    facts: /^\d+ celler ville blitt endret\./,
    menu: 'Vask arket',
  },
];

for (const c of CASES) {
  test(`the sidebar speaks ${c.language} for a ${c.locale} account`, async () => {
    const { gas } = addon(c.locale);
    gas.context.onOpen({});
    assert.equal(gas.ui.menu[0].caption, c.menu);
    const { page, calls } = await openSidebar(browser, gas, 'clean');
    assert.equal(await page.getAttribute('html', 'lang'), c.language);
    const tabs = await page.locator('nav .tab').allTextContents();
    assert.deepEqual(tabs.slice(0, 3), c.tabs);
    assert.equal((await page.locator('#detect').textContent()).trim(), c.detect);
    assert.equal((await page.locator('#wash').textContent()).trim(), c.wash);
    assert.equal(await page.locator('#language').inputValue(), c.language);

    await page.click('#detect');
    await page.waitForSelector('#columns:not([hidden])');
    const options = await page.locator('select[data-index="1"] option:checked').allTextContents();
    assert.deepEqual(options, [c.role]);

    await page.click('#wash');
    await page.waitForSelector('#wash-result:not([hidden])');
    assert.equal(await page.locator('#message').textContent(), c.done);
    // The backend's sentences (core/status.py via the API) in the same language.
    assert.match(await page.locator('#wash-facts').textContent(), c.facts);
    await page.screenshot({ path: path.join(ARTIFACTS, `sidebar-${c.language}.png`), fullPage: true });
    assert.deepEqual(
      calls.filter((name) => name.startsWith('pageerror')),
      [],
    );
    await page.close();
  });
}

test('the language chosen in the sidebar wins over the account and is kept', async () => {
  const { gas } = addon('sv_SE');
  const { page } = await openSidebar(browser, gas, 'clean');
  await page.selectOption('#language', 'nb');
  await page.waitForFunction(() => document.querySelector('#language').value === 'nb');
  assert.equal(gas.properties.user.getProperty('rensa.language'), 'nb');
  assert.equal(gas.context.userLanguage(), 'nb');
  await page.close();
  const reopened = await openSidebar(browser, gas, 'clean');
  assert.equal((await reopened.page.locator('#detect').textContent()).trim(), 'Gjenkjenn kolonner');
  await reopened.page.close();
  gas.context.setLanguage('', 'clean');
  assert.equal(gas.context.userLanguage(), 'sv');
});
