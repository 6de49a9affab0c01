// The verify page's "Check the draw" section and the information page under a
// lottery window: the commitment before the draw; after it, the ranking
// recomputed in the browser (WebCrypto) with the candidate's rank; a tampered
// draw.json is refused; no serious axe violation, no CSP refusal. And "rank"
// in one meaning: a receipt waiting for the draw shows no rank, only its
// arrival; the receipt after it shows the rank the export has, arrival beside.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, BIN, Site, launchBrowser, newPage, missingHandlers } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');

const missing = missingHandlers(['window', 'claim']);
const skip = missing.length ? `needs the ${missing.join(', ')} handler(s)` : false;
let site, browser;
const receipts = [];
const cookies = [];
let commitment = '';

async function windowView() {
  return (await fetch(site.url + '/api/window')).json();
}

before(async () => {
  if (skip) return;
  site = await new Site().start();
  const out = path.join(site.data, 'cookies.txt');
  execFileSync(path.join(BIN, 'guichet-seed'), ['--data', site.data, '--count', '3', '--out', out], { cwd: ROOT });
  site.admin('window', 'set', '--opens-at', '+0', '--closes-at', '+3600', '--places', '1',
             '--policy', 'lottery', '--draw-ends-at', '+4');
  commitment = (await windowView()).seed_commitment;
  for (const line of fs.readFileSync(out, 'utf8').trim().split('\n')) {
    const cookie = line.split(' ')[2];
    cookies.push(cookie);
    const response = await fetch(site.url + '/api/claim', {
      method: 'POST', headers: { Cookie: `guichet_session=${cookie}`, Origin: site.url },
    });
    assert.equal(response.status, 201);
    receipts.push(await response.text());
  }
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

async function checkDraw(page, receiptText) {
  await page.goto(site.url + '/verify.html');
  if (receiptText) await page.fill('#receipt-text', receiptText);
  await page.locator('#draw-form button[type="submit"]').click();
  await page.locator('#draw-outcome').waitFor();
  return page.locator('#draw-outcome');
}

test('before_the_draw_the_verify_page_and_home_page_show_the_commitment', { skip }, async () => {
  const page = await newPage(browser, site, { lang: 'en' });
  const outcome = await checkDraw(page);
  assert.match(await outcome.textContent(), /has not run yet/);
  assert.equal(await page.locator('#draw-commitment').textContent(), commitment);
  await page.goto(site.url + '/index.html');
  await page.locator('#seed-commitment').waitFor();
  assert.equal(await page.locator('#seed-commitment').textContent(), commitment);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/* The receipt as the verify page shows it: {rank, arrival} (the "Rank" and "Order of arrival" rows). */
async function receiptRanks(page, receiptText, lang) {
  await page.goto(site.url + '/verify.html');
  await page.fill('#receipt-text', receiptText);
  await page.locator('#verify-form button[type="submit"]').click();
  await page.locator('#verify-outcome[data-valid="true"]').waitFor();
  const row = async (label) => {
    const terms = await page.locator('#receipt-view dt').allInnerTexts();
    const at = terms.indexOf(label);
    return at < 0 ? null : page.locator('#receipt-view dd').nth(at).innerText();
  };
  return {
    headline: await page.locator('#receipt-rank').innerText(),
    rank: await row(lang === 'en' ? 'Rank' : 'Rang'),
    arrival: await row(lang === 'en' ? 'Order of arrival' : 'Ordre d\'arrivée'),
  };
}

test('a_receipt_waiting_for_the_draw_shows_its_arrival_and_no_rank', { skip }, async () => {
  for (const lang of ['en', 'fr']) {
    const page = await newPage(browser, site, { lang });
    const pending = JSON.parse(JSON.parse(receipts[1]).receipt);
    assert.equal(pending.rank, null);  // no rank until the draw: one meaning for rank
    const arrival = String(pending.arrival_rank);
    const seen = await receiptRanks(page, receipts[1], lang);
    assert.equal(seen.headline, lang === 'en' ? 'Rank: set by the draw' : 'Rang : fixé par le tirage');
    assert.equal(seen.arrival, arrival);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('after_the_draw_the_browser_recomputes_the_ranking_and_finds_the_candidates_rank', { skip }, async () => {
  const ends = (await windowView()).draw_ends_at;
  while ((await windowView()).server_time <= ends) await new Promise((r) => setTimeout(r, 250));
  site.admin('draw');
  const record = JSON.parse(fs.readFileSync(path.join(site.data, 'status', 'draw.json'), 'utf8'));
  const mine = JSON.parse(JSON.parse(receipts[0]).receipt).claim_id;
  const expectedRank = record.ranking.indexOf(mine) + 1;
  assert.ok(expectedRank >= 1);

  const page = await newPage(browser, site, { lang: 'en' });
  await enableAxe(page.context());
  const outcome = await checkDraw(page, receipts[0]);
  assert.equal(await outcome.getAttribute('data-verified'), 'true');
  const text = await outcome.textContent();
  assert.match(text, /matches the fingerprint published before the opening/);
  assert.match(text, /Ranking recomputed from 3 claim numbers: identical/);
  assert.match(text, /Your receipt's fingerprint is the draw's/);
  assert.match(text, new RegExp(`rank ${expectedRank} of 3, ${expectedRank === 1 ? 'place granted' : 'on the waiting list'}`));
  assert.equal(await page.inputValue('#draw-claim-id'), mine);
  assert.deepEqual(await seriousViolations(page, 'verify.html (draw checked)'), []);

  // The receipt after the draw: the rank is the draw's, as in the export; the arrival beside it.
  const answer = await fetch(site.url + '/api/claim', { headers: { Cookie: `guichet_session=${cookies[0]}` } });
  const final = await answer.text();
  const arrival = JSON.parse(JSON.parse(receipts[0]).receipt).arrival_rank;
  const seen = await receiptRanks(page, final, 'en');
  assert.equal(seen.headline, `Rank: ${expectedRank}`);
  assert.equal(seen.rank, String(expectedRank));
  assert.equal(seen.arrival, String(arrival));
  const exported = JSON.parse(site.admin('export', 'claims.json'));
  const row = exported.claims.find((c) => c.claim_id === mine);
  assert.equal(row.rank, expectedRank);
  assert.equal(row.arrival_rank, arrival);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a_draw_json_with_a_changed_seed_does_not_check_out_in_the_browser', { skip }, async () => {
  const file = path.join(site.data, 'status', 'draw.json');
  const honest = fs.readFileSync(file, 'utf8');
  const record = JSON.parse(honest);
  record.seed = record.seed.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
  fs.writeFileSync(file, JSON.stringify(record));
  try {
    const page = await newPage(browser, site, { lang: 'fr' });
    const outcome = await checkDraw(page);
    assert.equal(await outcome.getAttribute('data-verified'), 'false');
    assert.match(await outcome.textContent(), /ne se vérifie pas/);
    await page.context().close();
  } finally {
    fs.writeFileSync(file, honest);
  }
});
