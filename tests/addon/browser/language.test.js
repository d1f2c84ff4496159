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
    done: 'Testtvätten är klar: inget i bladet har ändrats.',
    role: 'E-postadress',
    facts: /^\d+ celler skulle ändras\./,
    menu: 'Tvätta bladet',
  },
  {
    locale: 'no_NO', // "no" falls back to Bokmål
    language: 'nb',
    tabs: ['Vask', 'Nyhetsbrev', 'Forbruk'],
    detect: 'Gjenkjenn kolonner',
    wash: 'Kjør testvask',
    done: 'Testvasken er ferdig: ingenting i arket er endret.',
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

// ---- every tab in every language, and no English on the screen -------------------------------------------
// The same tour (every tab, and the clean tab through its states: columns, test wash, price, a clean done,
// undo offered, backups) is made in English and in each language. Any text on the screen in a language that
// is also on the English screen, has words, and is not a name, a value from the sheet or a word the catalogue
// deliberately keeps (`Team`) is English that escaped translation: the test fails naming it. Screenshots at
// 300 px of each tab go to tests/artifacts/sidebar-<lang>-<tab>.png (docs/img holds copies looked at).

const DOCS_IMG = ARTIFACTS;
const TOUR_LANGUAGES = [
  ['sv', 'sv_SE'],
  ['nb', 'nb_NO'],
  ['da', 'da_DK'],
  ['fi', 'fi_FI'],
];

/** Texts that are the same in every language: the product's and its partners' names, and the units. */
const SAME_IN_EVERY_LANGUAGE = new Set([
  'Rensa',
  'Stripe',
  'UTC',
  'Ctrl+C',
  'NIX-Telefon', // the Swedish telemarketing opt-out register's own name
  'opt_out_email.csv', // the list file the tour uploads (a list is named after its file)
  ...['Mailchimp', 'SendGrid', 'Mailgun', 'Postmark', 'Amazon SES', 'Brevo', 'MailerLite'],
  ...['Svenska', 'Norsk (bokmål)', 'Dansk', 'Suomi', 'English'],
]);

// Texts the API would still write in English whatever the language (CSS selectors of where they show): reported
// by the test, not failed on, until the API speaks. Empty since the suppression list kinds are named in the
// caller's language (functions/handlers/suppression.py); keep it empty.
const BACKEND_ENGLISH = [];

/**
 * What a person can read on the page now: visible text nodes, and the options/attributes of visible controls;
 * `waiting` holds what is inside BACKEND_ENGLISH.
 */
function readableTexts(page) {
  return page.evaluate((backend) => {
    const seen = [];
    const waiting = [];
    const inBackend = (el) => backend.length > 0 && el.closest(backend.join(',')) !== null;
    const visible = (el) => el?.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && !['SCRIPT', 'STYLE', 'OPTION'].includes(parent.tagName) && visible(parent)) {
        (inBackend(parent) ? waiting : seen).push(node.textContent);
      }
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], select')) {
      if (!visible(el)) continue;
      for (const name of ['placeholder', 'title', 'aria-label']) {
        if (el.getAttribute(name)) seen.push(el.getAttribute(name));
      }
      if (el.tagName === 'SELECT') {
        (inBackend(el) ? waiting : seen).push(...[...el.options].map((o) => o.text));
      }
    }
    for (const title of document.querySelectorAll('svg title')) seen.push(title.textContent);
    const clean = (texts) => texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
    return { seen: clean(seen), waiting: clean(waiting) };
  }, BACKEND_ENGLISH);
}

// English function words no Nordic language shares (`for`, `to`, `be`, `in` are Danish or Norwegian too).
const ENGLISH_WORDS = new Set([
  'the',
  'of',
  'and',
  'is',
  'are',
  'was',
  'were',
  'your',
  'this',
  'with',
  'has',
  'have',
  'from',
  'you',
]);

/** A sentence with two different English function words: English even if the English tour never showed it. */
function looksEnglish(text) {
  const words = new Set(text.toLowerCase().match(/\p{L}+/gu) || []);
  return [...words].filter((w) => ENGLISH_WORDS.has(w)).length >= 2;
}

/** The texts the catalogues deliberately keep as in English for a language (`Team`, a tool's menu path). */
function sameAsEnglish(language) {
  const { execFileSync } = require('node:child_process');
  const code =
    'import json, pathlib; from babel.messages.pofile import read_po; ' +
    `ms = [m for p in pathlib.Path("core/i18n/locale/${language}/LC_MESSAGES").glob("*.po") for m in read_po(p.open("rb"))]; ` +
    'print(json.dumps([m.id for m in ms if m.id and isinstance(m.id, str) and m.string == m.id]))';
  const python = fs.existsSync(path.join(ROOT, '.venv/bin/python')) ? path.join(ROOT, '.venv/bin/python') : 'python3';
  return new Set(JSON.parse(execFileSync(python, ['-c', code], { cwd: ROOT, encoding: 'utf8' })));
}

/**
 * Opens the sidebar for a locale and walks it; returns {texts per step, sheet values} and saves screenshots.
 * @return {Promise<Object<string, Array<string>>>}
 */
async function tour(locale, language, shots) {
  const ss = spreadsheetWith('Kunder', register());
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token, locale: locale });
  gas.properties.script.setProperty('RENSA_SERVICE_ACCOUNT', stack.info.service_account_email);
  const seen = {};
  const waiting = {};
  const columnNames = [];
  const { page, calls } = await openSidebar(browser, gas, 'clean');
  await page.setViewportSize({ width: 300, height: 900 });
  const look = async (step) => {
    ({ seen: seen[step], waiting: waiting[step] } = await readableTexts(page));
    // Long words (Finnish compounds) wrap inside the 300 px sidebar: nothing sticks out sideways.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `${language} ${step}: the page is ${wide} px wider than the sidebar`);
    if (shots) {
      await page.screenshot({ path: path.join(DOCS_IMG, `sidebar-${language}-${step}.png`), fullPage: true });
    }
  };
  await page.waitForSelector('#price:not([hidden])');
  await page.click('#detect');
  await page.waitForSelector('#columns:not([hidden])');
  await page.click('#wash');
  await page.waitForSelector('#wash-result:not([hidden])');
  await look('clean-washed');
  await page.click('#clean');
  await page.waitForSelector('#undo-box:not([hidden])', { timeout: 120000 });
  await page.click('#backups-box summary');
  await look('clean-done');
  await page.click('#undo');
  await page.waitForSelector('#message:not([hidden])');
  await look('clean-undone');
  for (const [tab, ready] of [
    ['connect', '#connections > *'],
    ['usage', '#usage dt'],
    ['team', '#members li'],
    ['upkeep', '#upkeep-account:not(:empty)'],
    ['contact', '#list-kind option'],
  ]) {
    await page.click(`.tab[data-tab="${tab}"]`);
    await page.waitForSelector(ready, { state: 'attached' });
    if (tab === 'upkeep') {
      await page.selectOption('#upkeep-frequency', 'weekly');
    }
    if (tab === 'contact') {
      await page.click('#contact-count');
      // The first tour's account has no list yet (an error says so); later tours see its list counted.
      await page.waitForSelector('#message:not([hidden]), #contact-result:not([hidden])');
      await look('contact-first');
      // An opt-out list uploaded, then the count per channel and a call asked about.
      await page.selectOption('#list-kind', 'opt_out_email');
      await page.setInputFiles('#list-file', path.join(ROOT, 'tests/data/suppression/opt_out_email.csv'));
      await page.click('#list-upload');
      await page.waitForSelector('#lists:not([hidden]) tbody tr');
      await page.click('#contact-count');
      await page.waitForSelector('#contact-result:not([hidden])');
      await page.fill('#call-number', '+47 900 11 222');
      await page.click('#call-ask');
      await page.waitForSelector('#call-answer:not(:empty)');
      // The columns a clean will fill are named in the register's language (Ring ej …): names, not words.
      columnNames.push(await page.locator('#contact-columns').textContent());
    }
    await look(tab);
    if (tab === 'connect') {
      // What each tool's secret is called and where it is found (the backend's words for every tool).
      for (const value of await page.locator('#provider option').evaluateAll((os) => os.map((o) => o.value))) {
        await page.selectOption('#provider', value);
        seen.connect.push(...(await readableTexts(page)).seen);
      }
    }
  }
  assert.deepEqual(
    calls.filter((name) => name.startsWith('pageerror')),
    [],
  );
  await page.close();
  const sheets = ss.getSheets();
  return {
    seen: seen,
    waiting: waiting,
    names: sheets
      .map((s) => s.getName())
      .concat(sheets.flatMap((s) => s.getDataRange().getDisplayValues().flat()))
      .concat(columnNames),
    vocabulary: gas.context.apiVocabulary(),
  };
}

test('every tab in sv, nb, da and fi: nothing on the screen is left in English', { timeout: 900000 }, async (t) => {
  const english = await tour('en_GB', 'en', false);
  const englishTexts = new Set(Object.values(english.seen).flat());
  // Names: the sheet's tabs and values, the status column's name, the newsletter tools' names.
  const fromTheSheet = new Set(english.names.map(String));
  fromTheSheet.add(english.vocabulary.status_header);
  for (const provider of english.vocabulary.providers) fromTheSheet.add(provider.title);
  for (const [language, locale] of TOUR_LANGUAGES) {
    const { seen, waiting } = await tour(locale, language, true);
    const stillEnglish = [...new Set(Object.values(waiting).flat())].filter(
      (text) => englishTexts.has(text) || /\b(the|of|rows?|cleaned|free)\b/.test(text),
    );
    if (stillEnglish.length) {
      t.diagnostic(`${language}: the API's own English, waiting for the Python side: ${stillEnglish.join(' | ')}`);
    }
    const kept = sameAsEnglish(language);
    const leaks = [];
    for (const [step, texts] of Object.entries(seen)) {
      for (const text of texts) {
        const words = text.replace(/[\d\s.,:;()%×→–+-]+/g, ' ').trim();
        if (
          (englishTexts.has(text) || looksEnglish(text)) &&
          /\p{L}{2,}/u.test(words) &&
          !SAME_IN_EVERY_LANGUAGE.has(text) &&
          !fromTheSheet.has(text) &&
          !kept.has(text.replace(/^\((.*)\)$/, '$1')) &&
          !/^[\w.+-]+@[\w.-]+$/.test(text) &&
          !text.includes(stack.info.service_account_email)
        ) {
          leaks.push(`${step}: ${text}`);
        }
      }
    }
    assert.deepEqual([...new Set(leaks)], [], `English on the ${language} screen`);
  }
});
