// Buying credits and the team page in real headless Chromium, against the real local functions servers
// (api and hooks) and the Stripe fake: the sidebar's pack button opens Stripe's Checkout page (the fake's),
// paying there sends the signed webhook to the hooks target, and the credits show in the sidebar. The team
// page invites colleagues by Google address; a member sees the team, chooses between teams, and is refused
// once removed. Screenshots go to tests/artifacts/.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { loadAddon } = require('../fakes/gas.js');
const { spreadsheetWith } = require('../fakes/spreadsheet.js');
const { ARTIFACTS, useSidebarStack } = require('../fakes/sidebar_page.js');
const { register } = require('../fixtures.js');

const { stack, open, shot } = useSidebarStack();

function addon(token) {
  return loadAddon({ spreadsheet: spreadsheetWith('Kunder', register()), apiUrl: stack.apiUrl, token: token });
}

async function definition(page, label) {
  const labels = await page.locator('#usage dt').allTextContents();
  const values = await page.locator('#usage dd').allTextContents();
  return values[labels.indexOf(label)];
}

test('buy a credit pack: the sidebar opens Stripe Checkout, paying there brings the credits', async () => {
  const gas = addon(stack.info.token);
  const { page, calls } = await open(gas, 'usage');
  await page.waitForSelector('#packs button');
  assert.deepEqual(await page.locator('#packs button').allTextContents(), [
    '1,000 rowsSEK\u00a049.00',
    '10,000 rowsSEK\u00a0149.00',
    '50,000 rowsSEK\u00a0590.00',
  ]);
  assert.equal(await definition(page, 'Credits left'), '0');
  assert.match(await page.locator('#pay-mode').textContent(), /prepaid credits/);
  assert.equal(await page.locator('#pay-monthly').isVisible(), true);
  await shot(page, 'sidebar-buy.png');

  // The pack button asks the backend for a Checkout Session and opens its page in a new tab.
  const [checkout] = await Promise.all([page.waitForEvent('popup'), page.click('#packs button[data-pack="10000"]')]);
  await page.waitForSelector('#checkout:not([hidden])');
  const href = await page.locator('#checkout-link').getAttribute('href');
  assert.ok(href.startsWith(`${stack.info.stripe_url}/pay/cs_test_`), href);
  assert.match(await page.locator('#checkout-text').textContent(), /press Refresh/);
  await shot(page, 'sidebar-buy-opened.png');
  await checkout.waitForSelector('#pay');
  assert.equal(checkout.url(), href);
  assert.equal(await checkout.locator('#amount').textContent(), '149.00 SEK');
  assert.equal(await checkout.locator('#what').textContent(), 'Rensa: 10,000 rows');
  await checkout.screenshot({ path: path.join(ARTIFACTS, 'stripe-checkout.png') });

  // Paying: Stripe sends the signed event to the hooks target, then sends the buyer back.
  await Promise.all([checkout.waitForURL(/\/v1\/billing\/done\?session_id=cs_test_/), checkout.click('#pay')]);
  assert.match(await checkout.locator('body').textContent(), /Thank you.*Usage tab/s);
  await checkout.screenshot({ path: path.join(ARTIFACTS, 'stripe-checkout-done.png') });
  await checkout.close();

  await page.click('#refresh-usage');
  await page.waitForFunction(() => /10,000/.test(document.querySelector('#usage').textContent));
  assert.equal(await definition(page, 'Credits left'), '10,000');
  assert.equal(await page.locator('#checkout').isVisible(), false); // paid: the payment link is gone
  // The ledger in words (issue 12): the purchase is the newest line.
  assert.match(await page.locator('#usage-recent li').first().textContent(), /^\d+ \w{3}: bought 10,000 credits$/);
  assert.match(await page.locator('#purchases li').first().textContent(), /10,000 rows, SEK\u00a0149\.00, paid$/);
  assert.equal(await page.locator('#billing-portal').isVisible(), true);
  await shot(page, 'sidebar-bought.png');

  // Invoices and receipts: the billing portal opens the same way.
  const [portal] = await Promise.all([page.waitForEvent('popup'), page.click('#billing-portal')]);
  await portal.waitForLoadState();
  assert.ok(portal.url().startsWith(`${stack.info.stripe_url}/portal/cus_`), portal.url());
  await portal.close();
  assert.deepEqual(
    calls.filter((c) => c.startsWith('pageerror')),
    [],
  );
  assert.ok(calls.includes('buyCredits') && calls.includes('openBillingPortal'), calls.join(' '));
  await page.close();
});

test('the team page: invite by Google address, accept, share the team, choose teams, removal at once', async () => {
  const owner = addon(stack.info.token);
  const bo = addon(stack.info.token_b);
  const own = bo.context.getUsage().account_id; // Bo has used Rensa before: he has his own team
  const { page } = await open(owner, 'team');
  await page.waitForSelector('#members li');
  assert.match(await page.locator('#team-role').textContent(), /You own this team/);
  assert.equal(await page.locator('#invite').isVisible(), true);
  assert.equal(await page.locator('#team-choice-label').isVisible(), false); // one team only

  for (const email of ['Carl@Example.com', 'bo@example.com']) {
    await page.fill('#invite-email', email);
    await page.click('#invite-send');
    await page.waitForFunction(
      (address) => document.querySelector('#message').textContent.startsWith(`${address} is invited`),
      email.toLowerCase(),
    );
  }
  assert.deepEqual(await page.locator('#members li .role').allTextContents(), [
    'owner',
    'invited, not joined yet',
    'invited, not joined yet',
  ]);
  await page.fill('#invite-email', 'not an address');
  await page.click('#invite-send');
  await page.waitForSelector('#message.error');
  assert.match(await page.locator('#message').textContent(), /Google address/);
  await shot(page, 'sidebar-team-owner.png');

  // Carl opens Rensa for the first time: the invitation waits for him; he joins and spends the team's credits.
  const carl = addon(stack.info.token_c);
  const carlPage = (await open(carl, 'team')).page;
  await carlPage.waitForSelector('#invitations:not([hidden])');
  assert.equal(await carlPage.locator('#invitation-list li span').textContent(), "anna@example.com's team");
  assert.match(await carlPage.locator('#invitation-list li .role').textContent(), /invited you \(anna@example\.com\)/);
  await shot(carlPage, 'sidebar-team-invited.png');
  const ownerUsage = owner.context.getUsage();
  assert.notEqual(carl.context.getUsage().account_id, ownerUsage.account_id); // not in before he accepts
  await carlPage.click('#invitation-list .join-team');
  await carlPage.waitForFunction(() => /You joined/.test(document.querySelector('#message').textContent));
  assert.match(await carlPage.locator('#team-role').textContent(), /You are a member/);
  assert.equal(await carlPage.locator('#invite').isVisible(), false);
  assert.equal(await carlPage.locator('.remove-member').count(), 0);
  assert.equal(await carlPage.locator('#invitations').isVisible(), false);
  assert.equal(carl.context.getUsage().account_id, ownerUsage.account_id);
  await shot(carlPage, 'sidebar-team-member.png');
  // He sees the team's balance (the pack bought above); only the owner buys.
  await carlPage.click('.tab[data-tab="usage"]');
  await carlPage.waitForSelector('#billing-owner-only:not([hidden])');
  assert.equal(await carlPage.locator('#packs').isVisible(), false);
  assert.equal(await definition(carlPage, 'Credits left'), '10,000');
  await carlPage.click('.tab[data-tab="team"]');

  // Bo has his own team: he joins Anna's and chooses between the two in the sidebar.
  const boPage = (await open(bo, 'team')).page;
  await boPage.waitForSelector('#invitations:not([hidden])');
  await boPage.click('#invitation-list .join-team');
  await boPage.waitForSelector('#team-choice-label:not([hidden])');
  assert.equal(await boPage.locator('#team-choice option').count(), 2);
  assert.equal(bo.properties.user.getProperty('rensa.team'), ownerUsage.account_id);
  await boPage.selectOption('#team-choice', own);
  await boPage.waitForFunction(() => /now works for/.test(document.querySelector('#message').textContent));
  assert.equal(bo.context.getUsage().account_id, own);
  assert.match(await boPage.locator('#team-role').textContent(), /You own this team/);
  await boPage.selectOption('#team-choice', ownerUsage.account_id);
  await boPage.waitForFunction(() => /You are a member/.test(document.querySelector('#team-role').textContent));
  assert.equal(bo.context.getUsage().account_id, ownerUsage.account_id);
  await shot(boPage, 'sidebar-team-choose.png');

  // The owner removes Carl and Bo: refused at their next call, then back in their own teams.
  await page.click('#refresh-team');
  await page.waitForFunction(() => document.querySelectorAll('#members li').length === 3);
  for (const email of ['carl@example.com', 'bo@example.com']) {
    await page.locator('#members li', { hasText: email }).locator('.remove-member').click();
    await page.waitForFunction(
      (address) => document.querySelector('#message').textContent === `${address} is no longer in the team.`,
      email,
    );
  }
  assert.equal(await page.locator('#members li').count(), 1);
  assert.throws(() => carl.context.getUsage(), /team\.not_member/); // the very next call is refused
  assert.notEqual(carl.context.getUsage().account_id, ownerUsage.account_id); // then his own team
  await boPage.click('#refresh-team');
  await boPage.waitForSelector('#message.error');
  assert.equal(
    await boPage.locator('#message').textContent(),
    'You are no longer a member of the team you chose. Rensa works for your own team again.',
  );
  await boPage.waitForFunction(() => /You own this team/.test(document.querySelector('#team-role').textContent));
  await shot(boPage, 'sidebar-team-removed.png');
  assert.equal(bo.context.getUsage().account_id, own);
  assert.equal(bo.properties.user.getProperty('rensa.team'), null);
  for (const p of [page, carlPage, boPage]) {
    await p.close();
  }
});
