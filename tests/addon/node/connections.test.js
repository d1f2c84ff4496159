// "Connect newsletter tool" against the real local server: the tab must be shared with the service
// account; then a webhook URL comes back and the connection is listed with its event queues.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sampleAddon: sampleTab, useStack } = require('../fakes/stack.js');
const { postmarkBounce, postToWebhook } = require('../fixtures.js');

const stack = useStack();

const plain = (value) => JSON.parse(JSON.stringify(value));

const sampleAddon = (spreadsheetId) => sampleTab(stack, { spreadsheetId: spreadsheetId });

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

  // Listed with its (empty) event queues as GET /v1/connections/{id} returns them.
  const listed = plain(gs.listConnections());
  assert.equal(listed.length, 1);
  assert.equal(listed[0].id, created.id);
  assert.deepEqual(listed[0].pending, []);
  assert.deepEqual(listed[0].done, []);
  assert.equal(typeof listed[0].counts, 'object');

  gs.deleteConnection(created.id);
  assert.deepEqual(plain(gs.listConnections()), []);
});

/** The Sheets fake's copy of the spreadsheet (where the backend writes; the add-on's sheet is in memory). */
async function sheetsFakeGrid(spreadsheetId, title) {
  const res = await fetch(`${stack.info.sheets_url}/_fake/spreadsheets/${spreadsheetId}`);
  return (await res.json()).sheets[title];
}

test('a Brevo connection shows the bearer token Rensa made for it, once', async () => {
  const gas = sampleAddon(stack.info.spreadsheet_id);
  const created = plain(gas.context.createConnection({ provider: 'brevo', secret: '', emailColumn: 'E-post' }));
  const token = created.generated_secrets.bearer_token;
  assert.ok(token && token.length >= 20, JSON.stringify(created.generated_secrets));
  assert.ok(!created.webhook_url.includes(token));
  gas.context.deleteConnection(created.id); // the tests after this one list this tab's connections
});

test('choosing another language in the sidebar gives it to the connected register (upkeep and the flush write in it)', () => {
  const gas = sampleAddon(stack.info.spreadsheet_id);
  const gs = gas.context;
  const created = plain(gs.createConnection({ provider: 'brevo', secret: '', emailColumn: 'E-post' }));
  const mine = () => plain(gs.apiListRegisters()).registers.find((r) => r.id === created.register_id);
  assert.equal(mine().language, 'en'); // connected from an English sidebar
  gs.setLanguage('sv', 'clean');
  assert.equal(mine().language, 'sv');
  assert.equal(gs.registersSpeak('sv'), 0); // already Swedish: nothing to change
  gs.setLanguage('no', 'clean'); // Norwegian falls back to Bokmål
  assert.equal(mine().language, 'nb');
  gs.setLanguage('', 'clean'); // back to the Google account's language (English here)
  assert.equal(mine().language, 'en');
  gs.deleteConnection(created.id); // the tests after this one list this tab's connections
});

test('a Postmark bounce posted to the shown webhook URL is listed as waiting, then marked in the sheet', async () => {
  assert.ok(stack.info.hooks_url, 'tests.fakes.stack starts the hooks target and prints hooks_url');
  const gas = sampleAddon(stack.info.spreadsheet_id);
  const gs = gas.context;
  const created = plain(gs.createConnection({ provider: 'postmark', secret: '', emailColumn: 'E-post' }));
  assert.deepEqual(created.missing_secrets, []);
  // Postmark is given the URL with the credentials in it and sends them as HTTP Basic.
  const url = new URL(created.webhook_url);
  assert.ok(url.username && url.password, created.webhook_url);
  const guess = `Basic ${Buffer.from('rensa:guess').toString('base64')}`;
  const wrong = await postToWebhook(created.webhook_url, postmarkBounce('kari@firma.no'), guess);
  assert.ok(wrong.status === 401 || wrong.status === 403, String(wrong.status));
  const delivered = await postToWebhook(created.webhook_url, postmarkBounce('kari@firma.no'));
  assert.equal(delivered.status, 200, await delivered.text());

  // The sidebar's connection view: one bounce waiting, nothing in the sheet yet.
  let [listed] = plain(gs.listConnections());
  assert.deepEqual(
    listed.pending.map((e) => [e.email, e.kind]),
    [['kari@firma.no', 'hard_bounce']],
  );
  assert.deepEqual(listed.done, []);
  const before = await sheetsFakeGrid(stack.info.spreadsheet_id, stack.info.sheet);
  assert.ok(!before[0].includes('Rensa status'), JSON.stringify(before[0]));

  // "Mark them in the sheet now" flushes the connection.
  listed = plain(gs.flushConnection(created.id));
  assert.deepEqual(listed.pending, []);
  assert.deepEqual(
    listed.done.map((e) => [e.email, e.state]),
    [['kari@firma.no', 'applied']],
  );
  const grid = await sheetsFakeGrid(stack.info.spreadsheet_id, stack.info.sheet);
  const status = grid[0].indexOf('Rensa status');
  const email = grid[0].indexOf('E-post');
  assert.ok(status > 0, JSON.stringify(grid[0]));
  const row = grid.findIndex((r) => r[email] === 'kari@firma.no');
  assert.equal(row + 1, 5, 'Kari is on sheet row 5 of the sample');
  assert.match(grid[row][status], /^Do not send: .*\(Postmark, \d{4}-\d\d-\d\d\)\.$/);
  // Every other row is left alone.
  grid.forEach((r, i) => {
    if (i > 0 && i !== row) {
      assert.equal(r[status] || '', '', `sheet row ${i + 1}`);
    }
  });
  gs.deleteConnection(created.id);
});
