// "Connect newsletter tool" against the real local server: the tab must be shared with the service
// account; then a webhook URL comes back and the connection is listed with its event queues.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadAddon } = require('../fakes/gas.js');
const { FakeSpreadsheet } = require('../fakes/spreadsheet.js');
const { startStack } = require('../fakes/stack.js');

let stack;

test.before(async () => {
  stack = await startStack();
});

test.after(async () => {
  if (stack) {
    await stack.stop();
  }
});

const plain = (value) => JSON.parse(JSON.stringify(value));

/** The Sheets fake's sample tab, opened in the add-on (same id and tab name, same header). */
function sampleAddon(spreadsheetId) {
  const ss = new FakeSpreadsheet(spreadsheetId);
  const sheet = ss.insertSheet(stack.info.sheet);
  const rows = [
    ['Namn', 'E-post', 'Telefon', 'Postnummer', 'Ort'],
    ['Anna Berg', 'ANNA.BERG@GMAIL.COM', '070-123 45 67', '11418', 'Stockholm'],
  ];
  sheet.getRange(1, 1, rows.length, 5).setNumberFormat('@').setValues(rows);
  const gas = loadAddon({ spreadsheet: ss, apiUrl: stack.apiUrl, token: stack.info.token });
  gas.properties.script.setProperty('RENSA_SERVICE_ACCOUNT', stack.info.service_account_email);
  return gas;
}

test('a spreadsheet not shared with Rensa gets a plain error naming what to do', () => {
  const gas = sampleAddon('1NotSharedWithRensa000000000000000000000000');
  const state = plain(gas.context.getSidebarState());
  assert.equal(state.serviceAccount, stack.info.service_account_email);
  assert.deepEqual(state.headers, ['Namn', 'E-post', 'Telefon', 'Postnummer', 'Ort']);
  assert.throws(
    () => gas.context.createConnection({ provider: 'mailgun', secret: 'key-1', emailColumn: 'E-post' }),
    (e) => {
      const body = JSON.parse(e.message);
      return body.code.startsWith('sheets.') && body.message.includes(stack.info.service_account_email);
    },
  );
  assert.throws(
    () => gas.context.createConnection({ provider: 'carrier-pigeon', secret: '', emailColumn: 'E-post' }),
    (e) => JSON.parse(e.message).field === 'provider',
  );
  assert.throws(
    () => gas.context.createConnection({ provider: 'mailgun', secret: 'k', emailColumn: 'Fax' }),
    (e) => JSON.parse(e.message).field === 'email_column',
  );
});

test('connect Mailgun, get the webhook URL, see the connection with its events, disconnect', () => {
  const gas = sampleAddon(stack.info.spreadsheet_id);
  const gs = gas.context;
  assert.deepEqual(plain(gs.listConnections()), []);
  const signingKey = 'key-rensa-test-0123456789';
  const created = plain(gs.createConnection({ provider: 'mailgun', secret: signingKey, emailColumn: 'E-post' }));
  assert.equal(created.provider, 'mailgun');
  assert.equal(created.email_column, 'E-post');
  assert.deepEqual(created.missing_secrets, []);
  assert.equal(created.share_with, stack.info.service_account_email);
  assert.match(created.webhook_url, new RegExp(`/v1/hooks/mailgun/${created.id}$`));

  // The stack runs only the `api` target, so no bounce can be delivered to the webhook URL here; the
  // connection is listed with its (empty) event queues as GET /v1/connections/{id} returns them.
  const listed = plain(gs.listConnections());
  assert.equal(listed.length, 1);
  assert.equal(listed[0].id, created.id);
  assert.deepEqual(listed[0].pending, []);
  assert.deepEqual(listed[0].done, []);
  assert.equal(typeof listed[0].counts, 'object');

  gs.deleteConnection(created.id);
  assert.deepEqual(plain(gs.listConnections()), []);
});
