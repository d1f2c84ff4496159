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
  showSidebar(view || 'clean');
  return userLanguage();
}

/**
 * A message in the user's language with its {placeholders} filled; the English text when the catalogue has
 * no translation. Mark every sentence a person reads with t_ (or tn_ for plurals) so `make i18n`
 * extracts it.
 * @param {string} message the English text
 * @param {Object=} params values for {name} placeholders
 * @return {string}
 */
function t_(message, params) {
  const table = I18N_MESSAGES[userLanguage()] || {};
  const found = table[message];
  return fillMessage(typeof found === 'string' ? found : message, params);
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
  const table = I18N_MESSAGES[userLanguage()] || {};
  const found = table[singular];
  const forms = Array.isArray(found) ? found : [singular, plural];
  return fillMessage(forms[n === 1 ? 0 : 1], Object.assign({ n: n }, params || {}));
}

/**
 * @param {string} text
 * @param {Object=} params
 * @return {string}
 */
function fillMessage(text, params) {
  const values = params || {};
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/**
 * What the sidebar's own script needs: the language and its messages (the sidebar has no server calls
 * for words).
 * @return {{language: string, messages: Object}}
 */
function sidebarLanguage() {
  const language = userLanguage();
  return { language: language, messages: I18N_MESSAGES[language] || {} };
}
