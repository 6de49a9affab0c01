// Review in the console and promotion on the receipt page: an administrator
// (password and TOTP) rejects the dossier holding the only place with a
// reason; the next candidate's receipt page offers the place with its
// deadline, shows the earlier receipt in the history, and confirms it. No
// serious axe violation, no CSP refusal, in both states.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, BIN, Site, launchBrowser, newPage, missingHandlers } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');
const { addAdmin, adminLogin } = require('./lib/admin');

const missing = missingHandlers(['window', 'claim', 'admin']);
const skip = missing.length ? `needs the ${missing.join(', ')} handler(s)` : false;

let site, browser;
const candidates = [];  // {cookie, claimId}

before(async () => {
  if (skip) return;
  site = await new Site().start();
  const out = path.join(site.data, 'cookies.txt');
  site.admin('window', 'set', '--opens-at', '+0', '--closes-at', '+3600', '--places', '1');
  execFileSync(path.join(BIN, 'guichet-seed'), ['--data', site.data, '--count', '2', '--out', out], { cwd: ROOT });
  for (const line of fs.readFileSync(out, 'utf8').trim().split('\n')) {
    const cookie = line.split(' ')[2];
    const response = await fetch(site.url + '/api/claim', {
      method: 'POST', headers: { Cookie: `guichet_session=${cookie}`, Origin: site.url },
    });
    assert.equal(response.status, 201);
    const claimId = JSON.parse(JSON.parse(await response.text()).receipt).claim_id;
    candidates.push({ cookie, claimId });
  }
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

test('the_console_rejects_a_dossier_with_a_reason_and_offers_its_place_to_the_next', { skip, timeout: 60000 }, async () => {
  const secret = addAdmin(site, 'alice');
  const page = await newPage(browser, site);
  await enableAxe(page.context());
  await adminLogin(page, site, 'alice', secret);

  const row = page.locator(`#review-${candidates[0].claimId}`);
  await row.locator('.review-reject').waitFor();
  assert.equal(await page.locator(`#review-${candidates[1].claimId}`).count(), 0, 'a waitlisted claim is not under review');
  const violations = await seriousViolations(page, 'console review, undecided');
  // A decision needs a reason: nothing is sent without one.
  await row.locator('.review-reject').click();
  await page.locator('#message', { hasText: 'A reason is needed' }).waitFor();
  await page.fill(`#reason-${candidates[0].claimId}`, 'Passport expired');
  await row.locator('.review-reject').click();
  await page.locator('#message', { hasText: `place offered to ${candidates[1].claimId}` }).waitFor();
  await page.locator(`#review-${candidates[0].claimId}`, { hasText: 'Passport expired' }).waitFor();
  await page.locator(`#review-${candidates[1].claimId}`, { hasText: 'Offered until' }).waitFor();
  assert.match(await page.locator('#review-counts').innerText(), /rejected: 1 .*open offers: 1/);
  violations.push(...await seriousViolations(page, 'console review, decided'));
  assert.deepEqual(violations, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the_receipt_page_offers_the_place_shows_the_history_and_confirms', { skip, timeout: 60000 }, async () => {
  const page = await newPage(browser, site, { lang: 'en' });
  await enableAxe(page.context());
  await page.context().addCookies([{ name: 'guichet_session', value: candidates[1].cookie, url: site.url }]);
  await page.goto(site.url + '/receipt.html');
  await page.locator('#confirm-place').waitFor();
  assert.match(await page.locator('#offer').innerText(), /A place is offered to you/);
  assert.equal(await page.locator('#receipt-outcome').getAttribute('data-outcome'), 'granted');
  assert.equal(await page.locator('#receipt-history li').count(), 1);
  assert.match(await page.locator('#history-0').innerText(), /On the waiting list/);
  // The fingerprint shown for the earlier receipt is the one the new receipt names.
  await page.locator('#history-0 .mono', { hasText: 'SHA-256' }).waitFor();
  const shown = (await page.locator('#history-0 p.mono').innerText()).split(' ').pop();
  const answer = await page.evaluate(() => fetch('/api/claim', { credentials: 'same-origin' }).then((r) => r.json()));
  assert.equal(JSON.parse(answer.receipt).replaces, shown);
  const violations = await seriousViolations(page, 'receipt with an offer and history');
  await page.locator('#confirm-place').click();
  await page.locator('#offer', { hasText: 'You confirmed your place' }).waitFor();
  await page.locator('#page-status', { hasText: 'Your place is confirmed.' }).waitFor();
  violations.push(...await seriousViolations(page, 'receipt, place confirmed'));
  assert.deepEqual(violations, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // The rejected candidate sees the decision and its reason, in French.
  const rejected = await newPage(browser, site, { lang: 'fr' });
  await enableAxe(rejected.context());
  await rejected.context().addCookies([{ name: 'guichet_session', value: candidates[0].cookie, url: site.url }]);
  await rejected.goto(site.url + '/receipt.html');
  await rejected.locator('#review', { hasText: 'Passport expired' }).waitFor();
  assert.deepEqual(await seriousViolations(rejected, 'receipt, rejected'), []);
  assert.deepEqual(rejected.errors, []);
  await rejected.context().close();
});
