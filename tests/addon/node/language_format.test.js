// The add-on's numbers, money, dates and lists are Babel's, as the CLI and the report print them: the
// formatters of addon/Language.gs (run by the menu, the server's messages and, as the same source, by the
// sidebar) against babel.numbers / babel.dates / babel.lists called from Python on the same values.
const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { ROOT } = require('../fakes/stack.js');

const PYTHON = fs.existsSync(path.join(ROOT, '.venv/bin/python')) ? path.join(ROOT, '.venv/bin/python') : 'python3';
const LANGUAGES = ['en', 'sv', 'nb', 'da', 'fi'];

/** Language.gs and its generated tables in a context of their own (they use nothing else). */
function languageCode() {
  const context = vm.createContext({});
  for (const file of ['I18n.gs', 'Language.gs']) {
    vm.runInContext(fs.readFileSync(path.join(ROOT, 'addon', file), 'utf8'), context, { filename: file });
  }
  return context;
}

const BABEL = `
import json, datetime
from babel.numbers import format_decimal, format_currency
from babel.dates import format_date, format_time
from babel.lists import format_list
out = {}
moment = datetime.datetime(2026, 3, 5, 9, 7)
for lang in ${JSON.stringify(LANGUAGES)}:
    out[lang] = {
        "numbers": [format_decimal(n, locale=lang) for n in (7, 1234, 1234567, 94.4)],
        "money": [format_currency(m / 100, c, locale=lang) for m, c in ((14900, "SEK"), (123450, "NOK"), (5550, "EUR"), (99, "DKK"))],
        "date": format_date(moment, "medium", locale=lang),
        "time": format_time(moment, "short", locale=lang),
        "list": format_list(["13", "14", "20"], locale=lang),
        "two": format_list(["2", "4"], locale=lang),
    }
print(json.dumps(out))
`;

test('numbers, money, dates and lists in the add-on are Babel’s for every language', () => {
  const babel = JSON.parse(childProcess.execFileSync(PYTHON, ['-c', BABEL], { cwd: ROOT, encoding: 'utf8' }));
  const gs = languageCode();
  for (const lang of LANGUAGES) {
    const want = babel[lang];
    assert.deepEqual(
      [7, 1234, 1234567, 94.4].map((n) => gs.formatNumber(lang, n, 1)),
      want.numbers,
      `${lang} numbers`,
    );
    const money = [
      [14900, 'SEK'],
      [123450, 'NOK'],
      [5550, 'EUR'],
      [99, 'DKK'],
    ].map(([minor, currency]) => gs.formatMoney(lang, minor, currency));
    // CLDR's currency spacing (a no-break space between letters and digits), which Babel leaves out.
    assert.deepEqual(
      money,
      want.money.map((text) => text.replace(/^([A-Z]{3})(\d)/, '$1\u00a0$2')),
      `${lang} money`,
    );
    assert.equal(gs.formatList(lang, ['13', '14', '20']), want.list, `${lang} list`);
    assert.equal(gs.formatList(lang, ['2', '4']), want.two, `${lang} list of two`);
    if (lang === 'en') {
      // English dates are ISO, as core.i18n writes them (`3/5/26` would mislead a Nordic reader).
      assert.equal(gs.formatDate(lang, '2026-03-05T09:07:00Z', true), '2026-03-05 09:07');
    } else {
      assert.equal(gs.formatDate(lang, '2026-03-05T09:07:00Z'), want.date, `${lang} date`);
      assert.match(gs.formatDate(lang, '2026-03-05T09:07:00Z', true), new RegExp(`${want.time.replace('.', '\\.')}$`));
    }
  }
});

test('placeholders are filled the language’s way: counts grouped, row numbers not, lists joined', () => {
  const gs = languageCode();
  const fill = (lang, text, params) => gs.fillMessage(text, params, lang);
  assert.equal(
    fill('sv', '{n} rader, rad {row}, {rows}', { n: 1234, row: 1234, rows: [13, 1400] }),
    '1\u00a0234 rader, rad 1234, 13 och 1400',
  );
  assert.equal(
    fill('da', '{n} rækker (til række {lastRow})', { n: 1234, lastRow: 1234 }),
    '1.234 rækker (til række 1234)',
  );
  assert.equal(fill('fi', '{score}', { score: 94.44 }), '94,4');
  assert.equal(fill('en', '{n} of {missing}', { n: 1234 }), '1,234 of {missing}');
});

test('t_ and tn_ speak the user’s language from the catalogues, with the plural form for n', () => {
  const gs = languageCode();
  assert.equal(gs.translateIn('sv', 'Clean sheet'), 'Tvätta bladet');
  assert.equal(gs.translatePluralIn('nb', '{n} row', '{n} rows', 1), '1 rad');
  assert.equal(gs.translatePluralIn('nb', '{n} row', '{n} rows', 1500), '1\u00a0500 rader');
  assert.equal(gs.translatePluralIn('fi', '{n} row', '{n} rows', 2), '2 riviä');
  assert.equal(gs.translateIn('en', 'Clean sheet'), 'Clean sheet');
  assert.equal(gs.translateIn('xx', 'Clean sheet'), 'Clean sheet');
});

test('the sidebar gets the same functions and only its own language’s words', () => {
  const gs = languageCode();
  gs.userLanguage = () => 'da';
  const script = gs.sidebarI18nScript();
  assert.doesNotMatch(script, /<\/script/i);
  const page = vm.createContext({});
  vm.runInContext(script, page);
  assert.equal(page.t_('Clean sheet'), 'Vask arket');
  assert.equal(page.tn_('{n} row', '{n} rows', 2500), '2.500 rækker');
  assert.equal(page.formatMoney('da', 14900, 'DKK'), '149,00\u00a0kr.');
  assert.deepEqual(Object.keys(vm.runInContext('I18N_MESSAGES', page)), ['da']);
});
