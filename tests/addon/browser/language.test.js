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
const { editSampleTab, sampleAddon, SAMPLE_ROWS, ROOT } = require('../fakes/stack.js');
const { gate, useSidebarStack } = require('../fakes/sidebar_page.js');
const { people, postmarkBounce, postToWebhook, register } = require('../fixtures.js');

// Upkeep's scheduler endpoint is on (RENSA_SCHEDULER_TOKEN), as in production.
const { stack, open, shot } = useSidebarStack({ env: { RENSA_SCHEDULER_TOKEN: 'language-tour-scheduler-token' } });

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
    const { page, calls } = await open(gas, 'clean');
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
    await shot(page, `sidebar-${c.language}.png`);
    assert.deepEqual(
      calls.filter((name) => name.startsWith('pageerror')),
      [],
    );
    await page.close();
  });
}

test('the language chosen in the sidebar wins over the account and is kept', async () => {
  const { gas } = addon('sv_SE');
  const { page } = await open(gas, 'clean');
  await page.selectOption('#language', 'nb');
  await page.waitForFunction(() => document.querySelector('#language').value === 'nb');
  assert.equal(gas.properties.user.getProperty('rensa.language'), 'nb');
  assert.equal(gas.context.userLanguage(), 'nb');
  await page.close();
  const reopened = await open(gas, 'clean');
  assert.equal((await reopened.page.locator('#detect').textContent()).trim(), 'Gjenkjenn kolonner');
  await reopened.page.close();
  gas.context.setLanguage('', 'clean');
  assert.equal(gas.context.userLanguage(), 'sv');
});

// ---- the tabs Rensa makes, in the user's language; English ones from before keep working --------------------

test('backups named in English before and in Swedish now are listed and undone in the Swedish sidebar', async () => {
  const ss = spreadsheetWith('Kunder', register());
  const original = ss.getSheetByName('Kunder').getDataRange().getDisplayValues();
  const cleanAll = (gs) => {
    let job = gs.startClean();
    while (!job.done) job = gs.cleanNextChunk();
  };
  // An earlier version cleaned in English: its backup is named in English and carries no marker.
  const english = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token, locale: 'en_GB' });
  cleanAll(english.context);
  const old = ss.getSheets()[1];
  for (const m of old.getDeveloperMetadata()) m.remove();
  ss.getSheetByName('Kunder').getRange('A2').setValue('Anna Maria Andersson');
  // Now in Swedish: the second backup is named in Swedish.
  const gas = loadAddon({
    spreadsheet: ss,
    apiUrl: stack.apiUrl,
    token: stack.info.token,
    locale: 'sv_SE',
    properties: english.properties,
  });
  cleanAll(gas.context);
  const names = ss.getSheets().map((s) => s.getName());
  assert.match(names[1], /^Rensa backup: Kunder \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  assert.match(names[2], /^Rensa-säkerhetskopia: Kunder \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

  // A backup tab opened by mistake: the sidebar says, in Swedish, that it is not a register.
  ss.setActiveSheet(old);
  let { page } = await open(gas, 'clean');
  await page.waitForSelector('#message.error');
  // The catalogue's words (a copy review may reword them), and not the English ones.
  const swedish = (text, params) => gas.context.translateIn('sv', text, params);
  const refused = swedish('This is a Rensa backup tab; open the register tab you want to clean.');
  assert.notEqual(refused, 'This is a Rensa backup tab; open the register tab you want to clean.');
  assert.equal(await page.locator('#message').textContent(), refused);
  await shot(page, 'sidebar-sv-tabs-backup-opened.png');
  await page.close();

  ss.setActiveSheet(ss.getSheetByName('Kunder'));
  ({ page } = await open(gas, 'clean'));
  await page.waitForSelector('#backups-box:not([hidden])');
  await page.click('#backups-box summary');
  assert.equal(await page.locator('#backups-count').textContent(), '2');
  await shot(page, 'sidebar-sv-tabs-backups.png');
  const tabsLeft = async (n) => {
    for (let i = 0; i < 600 && ss.getSheets().length !== n; i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ss.getSheets().length, n);
  };
  await page.click('#undo'); // the Swedish backup: nothing was edited since that clean
  await tabsLeft(2);
  await page.click('#undo'); // the English one: the name edited after it is asked about
  await page.waitForSelector('#undo-ask:not([hidden])');
  await page.click('#undo-all');
  await tabsLeft(1);
  await page.waitForFunction(() => /Kunder/.test(document.querySelector('#message').textContent));
  assert.equal(
    await page.locator('#message').textContent(),
    swedish('The tab {tab} is back as it was before the clean.', { tab: 'Kunder' }),
  );
  const now = ss.getSheetByName('Kunder').getDataRange().getDisplayValues();
  assert.deepEqual(now, original);
  assert.deepEqual(
    ss.getSheets().map((s) => s.getName()),
    ['Kunder'],
  );
  await page.close();
});

// ---- every state a user sees, in every language, and no English on the screen ------------------------------
// The same tour is made in English and in each language, as a user would, through the fakes:
//  - Clean: columns, test wash, price; a clean starting, looking for duplicates and half done (progress); done
//    with the backups open; undone. A register the balance does not cover (Buy credits, Clean the first N
//    rows) and Buy credits opened. A clean stopped by Google's daily URL Fetch quota, with what to do, then
//    cancelled. An expired sign-in, as the backend answers it.
//  - Newsletter with every tool's secret help; on the Sheets fake's tab a Postmark connection made, a bounce
//    posted to its webhook URL waiting, then marked in the sheet.
//  - Usage; a credit pack paid on the Stripe fake's checkout page and the purchase listed.
//  - Team: an invitation sent, the colleague's invitation, his team after accepting, his removal.
//  - Upkeep set to weekly; on the Sheets fake's tab upkeep on and run twice with an edit between (the history
//    chart and what changed since the last run).
//  - Contact: the first count, an opt-out list uploaded and counted, a call asked about.
// Any text on the screen in a language that is also on the English screen, has words, and is not a name, a
// value from the sheet or a word the catalogue deliberately keeps (`Team`), or that reads as English, is
// English that escaped translation: the test fails naming it. The page may not be wider than the sidebar.
// Screenshots at 300 px of each step go to tests/artifacts/sidebar-<lang>-<step>.png (docs/img holds the sv
// and nb copies looked at).

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

// Where the API would still send English it stores or builds (CSS selectors): reported by the test, not failed
// on, until the server side speaks. Empty since i14c said a team's default name and the bounce events' notes and
// kinds in the reader's language (b4949b3 and before); keep it empty.
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
        seen.push(...[...el.options].map((o) => o.text));
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

/** Google's own words when an add-on has used up its day's URL Fetch calls (Apps Script quotas). */
const URLFETCH_QUOTA = 'Service invoked too many times for one day: urlfetch.';

/**
 * One language's tour. `look(page, step)` keeps what the page shows at a step (and checks its width, and
 * screenshots it when `shots`); returns the texts per step, and the names that may show as they are.
 */
async function tour(locale, language, shots) {
  const seen = {};
  const waiting = {};
  const names = [];
  const look = async (page, step) => {
    ({ seen: seen[step], waiting: waiting[step] } = await readableTexts(page));
    // Long words (Finnish compounds) wrap inside the 300 px sidebar: nothing sticks out sideways.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `${language} ${step}: the page is ${wide} px wider than the sidebar`);
    if (shots) {
      await shot(page, `sidebar-${language}-${step}.png`);
    }
  };
  const runtime = (rows, token, options) => {
    const ss = spreadsheetWith('Kunder', rows);
    const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: token || stack.info.token, locale: locale });
    gas.properties.script.setProperty('RENSA_SERVICE_ACCOUNT', stack.info.service_account_email);
    gas.properties.script.setProperty('RENSA_CHUNK_ROWS', String(options?.chunk || 4));
    names.push(...ss.getSheets().map((s) => s.getName()), ...rows.flat());
    return { ss: ss, gas: gas };
  };
  const pages = [];
  const opened = async (gas, view, hooks) => {
    const { page, calls } = await open(gas, view, hooks);
    await page.setViewportSize({ width: 300, height: 900 });
    pages.push({ page: page, calls: calls });
    return page;
  };

  const main = runtime(register());
  const held = [gate('startClean', 0), gate('cleanNextChunk', 0), gate('cleanNextChunk', 2)];
  const page = await opened(main.gas, 'clean', {
    before: async (name) => {
      for (const g of held) await g.hooks.before(name);
    },
  });
  await cleanTab(page, look, held);
  await otherTabs(page, look, seen, names);
  await team(page, look, runtime);
  await purchase(page, look);
  await notCovered(runtime, opened, look);
  await quotaStop(runtime, opened, look);
  await expiredSignIn(runtime, opened, look);
  await sheetsFakeTab(locale, language, opened, look, names);

  for (const p of pages) {
    assert.deepEqual(
      p.calls.filter((name) => name.startsWith('pageerror')),
      [],
    );
    await p.page.close();
  }
  const vocabulary = main.gas.context.apiVocabulary();
  return { seen: seen, waiting: waiting, names: names, vocabulary: vocabulary };
}

/** The clean tab through a clean: columns, test wash, starting, duplicates, half done, done, undone. */
async function cleanTab(page, look, held) {
  const [starting, duplicates, running] = held;
  await page.waitForSelector('#price:not([hidden])');
  await page.click('#detect');
  await page.waitForSelector('#columns:not([hidden])');
  await page.click('#wash');
  await page.waitForSelector('#wash-result:not([hidden])');
  await look(page, 'clean-washed');
  await page.click('#clean');
  await starting.arrived;
  await look(page, 'clean-starting');
  starting.open();
  await duplicates.arrived; // the duplicate pass is running
  await page.waitForFunction(() => document.querySelector('#progress').max > 1);
  await look(page, 'clean-duplicates');
  duplicates.open();
  await running.arrived; // the second chunk is running: 4 of 10 rows done
  await page.waitForFunction(() => document.querySelector('#progress').value > 0);
  await look(page, 'clean-running');
  running.open();
  await page.waitForSelector('#undo-box:not([hidden])', { timeout: 120000 });
  await page.click('#backups-box summary');
  await look(page, 'clean-done');
  await page.click('#undo');
  await page.waitForSelector('#message:not([hidden])');
  await look(page, 'clean-undone');
}

/** Every other tab as it first shows; Contact with a list uploaded and counted, Newsletter with every tool. */
async function otherTabs(page, look, seen, names) {
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
      await look(page, 'contact-first');
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
      names.push(await page.locator('#contact-columns').textContent());
    }
    await look(page, tab);
    if (tab === 'connect') {
      // What each tool's secret is called and where it is found (the backend's words for every tool).
      for (const value of await page.locator('#provider option').evaluateAll((os) => os.map((o) => o.value))) {
        await page.selectOption('#provider', value);
        seen.connect.push(...(await readableTexts(page)).seen);
      }
    }
  }
}

/** Anna invites Carl; Carl sees the invitation in his own sidebar and joins; Anna removes him again. */
async function team(page, look, runtime) {
  await page.click('.tab[data-tab="team"]');
  await page.fill('#invite-email', 'carl@example.com');
  await page.click('#invite-send');
  await page.waitForFunction(() => document.querySelectorAll('#members li').length === 2);
  await look(page, 'team-invited');

  const carl = runtime(register(), stack.info.token_c);
  const carlPage = (await open(carl.gas, 'team')).page;
  await carlPage.setViewportSize({ width: 300, height: 900 });
  await carlPage.waitForSelector('#invitations:not([hidden])');
  await look(carlPage, 'team-invitation');
  await carlPage.click('#invitation-list .join-team');
  await carlPage.waitForSelector('#invitations', { state: 'hidden' });
  await carlPage.waitForSelector('#message:not([hidden])');
  await look(carlPage, 'team-joined');
  await carlPage.close();

  await page.click('#refresh-team');
  await page.waitForFunction(() => document.querySelectorAll('#members .remove-member').length === 1);
  await page.click('#members .remove-member');
  await page.waitForFunction(() => document.querySelectorAll('#members li').length === 1);
  await look(page, 'team-removed');
}

/** A pack paid on the Stripe fake's checkout page: the purchase and the credits in Usage. */
async function purchase(page, look) {
  await page.click('.tab[data-tab="usage"]');
  await page.waitForSelector('#packs button');
  const before = await page.locator('#purchases li').count();
  const [checkout] = await Promise.all([page.waitForEvent('popup'), page.click('#packs button[data-pack="1000"]')]);
  await page.waitForSelector('#checkout:not([hidden])');
  await look(page, 'usage-checkout');
  await checkout.waitForSelector('#pay');
  await Promise.all([checkout.waitForURL(/\/v1\/billing\/done\?session_id=cs_test_/), checkout.click('#pay')]);
  await checkout.close();
  await page.click('#refresh-usage');
  await page.waitForFunction((n) => document.querySelectorAll('#purchases li').length > n, before);
  await look(page, 'usage-bought');
}

/** 520 rows on an account with 500 free rows and no credits: nothing starts; Buy credits opens the checkout. */
async function notCovered(runtime, opened, look) {
  const { gas } = runtime(people(520), stack.info.token_b, { chunk: 200 });
  const page = await opened(gas, 'clean');
  await page.waitForSelector('#not-covered:not([hidden])');
  await look(page, 'clean-not-covered');
  const [checkout] = await Promise.all([page.waitForEvent('popup'), page.click('#buy-credits')]);
  await checkout.close();
  await page.waitForSelector('#message:not([hidden])');
  await look(page, 'clean-buy-opened');
}

/** A clean stopped half way by Google's daily URL Fetch quota: the error, what to do, then cancelled. */
async function quotaStop(runtime, opened, look) {
  const { gas } = runtime(register());
  gas.context.startClean();
  gas.context.cleanNextChunk(); // the duplicate pass
  gas.context.cleanNextChunk(); // rows 1-4
  const fetch = gas.context.UrlFetchApp.fetch;
  gas.context.UrlFetchApp.fetch = () => {
    throw new Error(URLFETCH_QUOTA);
  };
  const page = await opened(gas, 'clean');
  await page.click('#resume');
  await page.waitForSelector('#job-message:not([hidden])');
  await page.waitForSelector('#cancel:not([hidden])');
  await look(page, 'clean-quota');
  gas.context.UrlFetchApp.fetch = fetch; // the next day
  await page.click('#cancel');
  await page.waitForSelector('#resume', { state: 'hidden' });
  await page.waitForSelector('#message:not([hidden])');
  await look(page, 'clean-cancelled');
}

/** The backend refuses an expired Google sign-in: the sidebar says so in the user's language. */
async function expiredSignIn(runtime, opened, look) {
  const { gas } = runtime(register(), stack.info.token_expired);
  const page = await opened(gas, 'clean');
  await page.waitForSelector('#message.error');
  await look(page, 'error-signin');
}

/**
 * The Sheets fake's tab (the backend reads and writes it): a Postmark connection with a bounce waiting, then
 * marked in the sheet; upkeep on, run twice with an edit between.
 */
async function sheetsFakeTab(locale, language, opened, look, names) {
  const gas = sampleAddon(stack, { locale: locale });
  names.push(stack.info.sheet, ...SAMPLE_ROWS.flat());
  const page = await opened(gas, 'connect');
  await page.waitForSelector('#connections > *');
  await page.selectOption('#provider', 'postmark');
  await page.selectOption('#email-column', 'E-post');
  await page.click('#connect');
  await page.waitForSelector('#connect-result:not([hidden])');
  await look(page, 'connect-created');
  const url = await page.locator('#webhook-url').inputValue();
  const delivered = await postToWebhook(url, postmarkBounce('kari@firma.no'));
  assert.equal(delivered.status, 200, await delivered.text());
  await page.click('#refresh-connections');
  await page.waitForSelector('#connections .mark-now');
  await look(page, 'connect-bounce');
  await page.click('#connections .mark-now');
  await page.waitForSelector('#connections .connection:not(:has(.mark-now))');
  await look(page, 'connect-marked');
  await page.click('#connections .connection button:last-child'); // disconnect: the next tour starts anew
  await page.waitForSelector('#connections p.muted');

  await page.click('.tab[data-tab="upkeep"]');
  await page.waitForSelector('#upkeep-account:not(:empty)');
  await page.selectOption('#upkeep-frequency', 'weekly');
  await page.selectOption('#upkeep-day', '3');
  await page.click('#upkeep-save');
  await page.waitForSelector('#upkeep-run:not([hidden])');
  await look(page, 'upkeep-on');
  const runs = () => page.locator('#upkeep-chart circle').count();
  for (const edit of [null, [6, 1, `Eva Lund ${language}`]]) {
    if (edit) {
      assert.equal(await editSampleTab(stack, ...edit), 200);
    }
    const before = await runs();
    await page.click('#upkeep-run');
    await page.waitForFunction((n) => document.querySelectorAll('#upkeep-chart circle').length > n, before);
  }
  await page.waitForSelector('#upkeep-since:not(:empty)');
  await look(page, 'upkeep-ran');
}

test('every state of every tab in sv, nb, da and fi: nothing on the screen is left in English', {
  timeout: 1800000,
}, async (t) => {
  const english = await tour('en_GB', 'en', false);
  const englishTexts = new Set(Object.values(english.seen).flat());
  // Names: the sheets' tabs and values, the status column's name, the newsletter tools' names.
  const fromTheSheet = new Set(english.names.map(String));
  fromTheSheet.add(english.vocabulary.status_header);
  for (const provider of english.vocabulary.providers) fromTheSheet.add(provider.title);
  for (const [language, locale] of TOUR_LANGUAGES) {
    const { seen, waiting } = await tour(locale, language, true);
    const stillEnglish = [...new Set(Object.values(waiting).flat())].filter(
      (text) => englishTexts.has(text) || looksEnglish(text) || /\b(waiting|flagged|team)\b/.test(text),
    );
    if (stillEnglish.length) {
      t.diagnostic(`${language}: the API's own English, waiting for the server side: ${stillEnglish.join(' | ')}`);
    }
    assert.deepEqual(Object.keys(seen), Object.keys(english.seen), `${language}: the same steps as in English`);
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
