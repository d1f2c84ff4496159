/**
 * Language.gs: the add-on speaks the user's language (sv, nb, da, fi, en) with the words of the same
 * catalogues as the CLI and the API (core/i18n/locale/<lang>/LC_MESSAGES/addon.po, generated into
 * I18n.gs by `make i18n`). The language is the one chosen in the sidebar, else the Google account's
 * (Session.getActiveUserLocale()), else English; no/nn fall back to nb. The API is asked for the same
 * language, so issue messages, status sentences and notes written into the sheet match the sidebar.
 */
const KEY_LANGUAGE = 'rensa.language';
const LANGUAGES = ['en', 'sv', 'nb', 'da', 'fi'];
const LANGUAGE_ALIASES = { no: 'nb', nn: 'nb' };

/**
 * The language Rensa speaks for a locale tag ('sv_SE', 'nb-NO', 'no'), or '' for one it does not speak.
 * @param {string} tag
 * @return {string}
 */
function languageOf(tag) {
  const base = String(tag || '')
    .toLowerCase()
    .split(/[-_.@]/)[0];
  const found = LANGUAGE_ALIASES[base] || base;
  return LANGUAGES.indexOf(found) >= 0 ? found : '';
}

/**
 * The user's language: the sidebar setting, else the Google account's locale, else English.
 * @return {string}
 */
function userLanguage() {
  let chosen = '';
  try {
    chosen = languageOf(PropertiesService.getUserProperties().getProperty(KEY_LANGUAGE));
  } catch (_e) {
    chosen = ''; // onOpen before the add-on is enabled in this document: no properties yet
  }
  if (chosen) {
    return chosen;
  }
  try {
    return languageOf(Session.getActiveUserLocale()) || 'en';
  } catch (_e) {
    return 'en';
  }
}

/**
 * Stores the language chosen in the sidebar ('' goes back to the account's) and reopens the sidebar in it.
 * @param {string} language
 * @param {string=} view the sidebar view to reopen
 * @return {string} the language now in use
 */
function setLanguage(language, view) {
  const found = languageOf(language);
  const store = PropertiesService.getUserProperties();
  if (found) {
    store.setProperty(KEY_LANGUAGE, found);
  } else {
    store.deleteProperty(KEY_LANGUAGE);
  }
  registersSpeak(userLanguage());
  showSidebar(view || 'clean');
  return userLanguage();
}

/**
 * Gives this spreadsheet's connected registers the sidebar's new language, so what upkeep and the bounce
 * flush write into the sheet with nobody asking (status cells, the fingerprint tab's name) follows it from
 * their next run. Best effort: the choice itself is already stored, and when the backend cannot be asked
 * now (not signed in, offline) the next clean or upkeep set-up from the sidebar gives it the language anyway
 * (every call sends Accept-Language).
 * @param {string} language
 * @return {number} how many registers were changed
 */
function registersSpeak(language) {
  let registers = [];
  try {
    const id = spreadsheetId();
    registers = (apiListRegisters().registers || []).filter((r) => r.spreadsheet_id === id && r.language !== language);
    for (const r of registers) {
      apiUpdateRegister(r.id, { language: language });
    }
  } catch (_e) {
    return 0; // see above: the language reaches the backend with the next call that configures the register
  }
  return registers.length;
}

/**
 * A message in the user's language with its {placeholders} filled; the English text when the catalogue has
 * no translation. Mark every sentence a person reads with t_ (or tn_ for plurals) so `make i18n`
 * extracts it; the leak test (tests/addon/node/leak.test.js) fails on an unmarked one.
 * @param {string} message the English text
 * @param {Object=} params values for {name} placeholders (numbers are formatted the language's way)
 * @return {string}
 */
function t_(message, params) {
  return translateIn(userLanguage(), message, params);
}

/**
 * Marks an English message for the catalogues without translating it (as core.i18n.N_): for names kept
 * in a table and translated where they are used, with translateIn.
 * @param {string} message
 * @return {string} the message itself
 */
function N_(message) {
  return message;
}

/**
 * The singular or plural form for n (all five languages: one for 1, another for the rest); {n} is n.
 * @param {string} singular
 * @param {string} plural
 * @param {number} n
 * @param {Object=} params
 * @return {string}
 */
function tn_(singular, plural, n, params) {
  return translatePluralIn(userLanguage(), singular, plural, n, params);
}

// ---- the words and formats of one language --------------------------------------------------------
// The functions below use nothing but their arguments and I18N_MESSAGES / I18N_FORMATS (I18n.gs, made
// from the catalogues and Babel's locale data by `make i18n`). The sidebar runs these same functions:
// sidebarI18nScript() sends their source with the one language's tables, so the words and the number and
// date formats are written once for the menu, the alerts, the errors and the sidebar.

/**
 * @param {string} language
 * @param {string} message
 * @param {Object=} params
 * @return {string}
 */
function translateIn(language, message, params) {
  const table = I18N_MESSAGES[language] || {};
  const found = table[message];
  return fillMessage(typeof found === 'string' ? found : message, params, language);
}

/**
 * @param {string} language
 * @param {string} singular
 * @param {string} plural
 * @param {number} n
 * @param {Object=} params
 * @return {string}
 */
function translatePluralIn(language, singular, plural, n, params) {
  const table = I18N_MESSAGES[language] || {};
  const found = table[singular];
  const forms = Array.isArray(found) ? found : [singular, plural];
  return fillMessage(forms[n === 1 ? 0 : 1], Object.assign({ n: n }, params || {}), language);
}

/**
 * A message's {placeholders} filled, each value shown the language's way by its kind, as core/i18n does:
 * a whole number is a count with the language's grouping (`1 234` sv/nb/fi, `1.234` da), except names
 * `row`, `rows`, `*Row` and `*_row` (row numbers as the sheet shows them); a fraction gets one decimal
 * (`94,4`); a list is joined the language's way (`13, 14 och 20`); anything else as it is.
 * @param {string} text
 * @param {Object=} params
 * @param {string=} language
 * @return {string}
 */
function fillMessage(text, params, language) {
  const values = params || {};
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    name in values ? formatValue(language || 'en', name, values[name]) : whole,
  );
}

/**
 * @param {string} language
 * @param {string} name the placeholder's name
 * @param {*} value
 * @return {string}
 */
function formatValue(language, name, value) {
  if (Array.isArray(value)) {
    return formatList(
      language,
      value.map((item) => formatValue(language, name, item)),
    );
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (/^rows?$|_rows?$|[a-z]Rows?$/.test(name)) {
      return String(value);
    }
    return formatNumber(language, value, Number.isInteger(value) ? 0 : 1);
  }
  return value === null || value === undefined ? '' : String(value);
}

/**
 * A number with the language's group and decimal signs (Babel's: `1 234,5` sv, `1.234,5` da, `1,234.5` en).
 * @param {string} language
 * @param {number} n
 * @param {number=} digits decimals to keep at most (0 by default)
 * @return {string}
 */
function formatNumber(language, n, digits) {
  const format = I18N_FORMATS[language] || I18N_FORMATS.en;
  const keep = digits || 0;
  const rounded = Math.round(Math.abs(Number(n) || 0) * 10 ** keep) / 10 ** keep;
  const [whole, fraction] = rounded.toFixed(keep).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, format.group);
  const decimals = fraction ? fraction.replace(/0+$/, '') : '';
  return (Number(n) < 0 && rounded !== 0 ? '-' : '') + grouped + (decimals ? format.decimal + decimals : '');
}

/**
 * An amount of money the language's way (`149,00 kr` sv, `SEK 149.00` en), from minor units (öre, cents).
 * @param {string} language
 * @param {number} minor
 * @param {string} currency ISO code
 * @return {string}
 */
function formatMoney(language, minor, currency) {
  const format = I18N_FORMATS[language] || I18N_FORMATS.en;
  const code = String(currency || '').toUpperCase();
  const amount = formatNumber(language, Math.abs(Number(minor) || 0) / 100, 2);
  const [whole, cents] = amount.split(format.decimal);
  const exact = `${whole}${format.decimal}${(cents || '').padEnd(2, '0')}`;
  const symbol = format.currencies[code] || code;
  // CLDR's currency spacing: a symbol of letters next to the digits gets a no-break space (`SEK 149.00`).
  const pattern = /\p{L}$/u.test(symbol)
    ? format.money.replace('{symbol}{amount}', '{symbol}\u00a0{amount}')
    : /^\p{L}/u.test(symbol)
      ? format.money.replace('{amount}{symbol}', '{amount}\u00a0{symbol}')
      : format.money;
  return (Number(minor) < 0 ? '-' : '') + pattern.replace('{amount}', exact).replace('{symbol}', symbol);
}

/**
 * A date (and time) the language's way, from an ISO text: `1 dec. 2026 14:05` (sv), `1.12.2026 14.05` (fi);
 * ISO in English as the CLI's report does. Shown in UTC, as the backend stores it.
 * @param {string} language
 * @param {string} iso
 * @param {boolean=} withTime
 * @return {string}
 */
function formatDate(language, iso, withTime) {
  const format = I18N_FORMATS[language] || I18N_FORMATS.en;
  const moment = new Date(String(iso));
  if (Number.isNaN(moment.getTime())) {
    return String(iso || '');
  }
  const parts = {
    y: String(moment.getUTCFullYear()),
    M: String(moment.getUTCMonth() + 1),
    MM: String(moment.getUTCMonth() + 1).padStart(2, '0'),
    MMM: format.months[moment.getUTCMonth()],
    d: String(moment.getUTCDate()),
    dd: String(moment.getUTCDate()).padStart(2, '0'),
    H: String(moment.getUTCHours()),
    HH: String(moment.getUTCHours()).padStart(2, '0'),
    mm: String(moment.getUTCMinutes()).padStart(2, '0'),
  };
  const fill = (pattern) =>
    pattern.replace(/y+|M+|d+|H+|m+|'([^']*)'/g, (token, quoted) =>
      quoted !== undefined ? quoted : token in parts ? parts[token] : token,
    );
  const day = fill(format.date);
  return withTime ? format.dateTime.replace('{date}', day).replace('{time}', fill(format.time)) : day;
}

/**
 * Items joined the language's way: `a, b och c` (sv), `a, b and c` (en).
 * @param {string} language
 * @param {Array<string>} items
 * @return {string}
 */
function formatList(language, items) {
  const format = I18N_FORMATS[language] || I18N_FORMATS.en;
  if (items.length < 2) {
    return items.join('');
  }
  if (items.length === 2) {
    return format.listTwo.replace('{0}', items[0]).replace('{1}', items[1]);
  }
  const head = items.slice(0, -1).join(format.listMiddle);
  return format.listEnd.replace('{0}', head).replace('{1}', items[items.length - 1]);
}

/**
 * One of Google's own messages about the limits Apps Script sets an add-on (they come in Google's English,
 * whatever the user's language) as {code, message} in the user's words; null for any other text. Used where
 * the server side catches them and by the sidebar for those it receives as they are (an execution Google
 * stopped at 6 minutes never reaches a catch).
 * @param {string} language
 * @param {string} text
 * @return {{code: string, message: string}|null}
 */
function googleProblem(language, text) {
  const known = [
    {
      pattern: /too many times for one day/i,
      code: 'addon.quota_day',
      message: N_("Google's daily limit on what an add-on may do for your account is used up (Apps Script's quotas)."),
    },
    {
      pattern: /too many times|too many simultaneous invocations|timed out while accessing|quota/i,
      code: 'addon.quota',
      message: N_(
        'Google limits how often an add-on may use its services in a short time, and Rensa reached that limit.',
      ),
    },
    {
      pattern: /exceeded maximum execution time/i,
      code: 'addon.time_limit',
      message: N_('Google stops an add-on after 6 minutes, and this step took longer.'),
    },
  ];
  const found = known.find((k) => k.pattern.test(String(text || '')));
  return found ? { code: found.code, message: translateIn(language, found.message) } : null;
}

const I18N_SHARED_FUNCTIONS = [
  N_,
  googleProblem,
  translateIn,
  translatePluralIn,
  fillMessage,
  formatValue,
  formatNumber,
  formatMoney,
  formatDate,
  formatList,
];

/**
 * The sidebar's own copy of the language: the one language's messages and formats and the functions above,
 * as a script (pasted into Sidebar.html with `<?!= sidebarI18nScript() ?>`). `<` is escaped so no text of
 * a message can end the script element.
 * @return {string}
 */
function sidebarI18nScript() {
  const language = userLanguage();
  const data = {
    messages: { [language]: I18N_MESSAGES[language] || {} },
    formats: { [language]: I18N_FORMATS[language], en: I18N_FORMATS.en },
  };
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return [
    `const I18N_LANGUAGE = ${JSON.stringify(language)};`,
    `const I18N_DATA = ${json};`,
    'const I18N_MESSAGES = I18N_DATA.messages;',
    'const I18N_FORMATS = I18N_DATA.formats;',
    ...I18N_SHARED_FUNCTIONS.map(String),
    'function t_(message, params) { return translateIn(I18N_LANGUAGE, message, params); }',
    'function tn_(singular, plural, n, params) { return translatePluralIn(I18N_LANGUAGE, singular, plural, n, params); }',
  ].join('\n');
}
