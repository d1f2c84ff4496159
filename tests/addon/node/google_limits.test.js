// Google's own messages about the limits Apps Script sets an add-on come in Google's English; the add-on tells
// them in the user's words with what to do (Language.gs googleProblem), where it catches them (a URL Fetch that
// fails on the day's quota is not "Rensa could not be reached") and in the sidebar (sidebar tour, language.test.js).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { register } = require('../fixtures.js');

const plain = (value) => JSON.parse(JSON.stringify(value));

// Google's words as Apps Script throws them (https://developers.google.com/apps-script/guides/services/quotas).
const CASES = [
  ['Service invoked too many times for one day: urlfetch.', 'addon.quota_day', /^Googles dagliga gräns/],
  ['Exception: Service invoked too many times for one day: email.', 'addon.quota_day', /^Googles dagliga gräns/],
  [
    'Service invoked too many times in a short time: exists. Try Utilities.sleep(1000)',
    'addon.quota',
    /^Google begränsar/,
  ],
  ['Too many simultaneous invocations: Spreadsheets', 'addon.quota', /^Google begränsar/],
  ['Service Spreadsheets timed out while accessing document with id 1abc.', 'addon.quota', /^Google begränsar/],
  ['Exceeded maximum execution time', 'addon.time_limit', /^Google stoppar ett tillägg efter 6 minuter/],
  ['Address unavailable: https://rensa.example/v1/clean', null, null],
  ['Authorization is required to perform that action.', null, null],
];

test("Google's limit messages are told in the user's words; anything else is left alone", () => {
  const gas = loadAddon({ spreadsheet: spreadsheetWith('Kunder', register()), locale: 'sv_SE' });
  for (const [text, code, words] of CASES) {
    const found = plain(gas.context.googleProblem('sv', text));
    if (code === null) {
      assert.equal(found, null, text);
    } else {
      assert.equal(found.code, code, text);
      assert.match(found.message, words, text);
    }
  }
});

test('a URL Fetch refused for the day is a quota stop, not a network problem; a network failure stays one', () => {
  const gas = loadAddon({
    spreadsheet: spreadsheetWith('Kunder', register()),
    apiUrl: 'http://127.0.0.1:9',
    locale: 'nb_NO',
  });
  const told = (fn) => {
    try {
      fn();
    } catch (e) {
      return JSON.parse(e.message);
    }
    assert.fail('no error');
  };
  gas.context.UrlFetchApp.fetch = () => {
    throw new Error('Service invoked too many times for one day: urlfetch.');
  };
  const quota = told(() => gas.context.apiUsage());
  assert.equal(quota.code, 'addon.quota_day');
  assert.match(quota.message, /^Googles daglige grense/);
  gas.context.UrlFetchApp.fetch = () => {
    throw new Error('Address unavailable: http://127.0.0.1:9/v1/usage');
  };
  assert.equal(told(() => gas.context.apiUsage()).code, 'addon.network');
});
