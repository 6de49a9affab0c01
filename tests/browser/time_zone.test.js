// Times in the program's zone (db/program.json: America/Montreal), named in
// words, with the visitor's own time beside it: chromium runs with TZ=Asia/Tokyo,
// so a visitor in Tokyo. The home page's schedule, the claim page's and the
// receipt in French and in English (axe-core on each); a visitor whose clock
// reads Montreal's sees no second time; the console shows and takes the
// window's dates in the program's zone.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, BIN, Site, launchBrowser, newPage, missingHandlers } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');
const { addAdmin, adminLogin } = require('./lib/admin');

const missing = missingHandlers(['window', 'claim']);
const skip = missing.length ? `needs the ${missing.join(', ')} handler(s)` : false;
let site, browser, cookie, receivedAt;

// Opened 2026-02-16 13:30 UTC (08:30 in Montreal, EST; 22:30 in Tokyo), closing
// 2099-07-01 12:30 UTC (08:30 in Montreal, EDT; 21:30 in Tokyo).
const OPENS = '2026-02-16T13:30:00Z';
const CLOSES = '2099-07-01T12:30:00Z';

before(async () => {
  if (skip) return;
  site = await new Site().start();
  const out = path.join(site.data, 'cookies.txt');
  execFileSync(path.join(BIN, 'guichet-seed'), ['--data', site.data, '--count', '1', '--out', out], { cwd: ROOT });
  cookie = fs.readFileSync(out, 'utf8').trim().split(' ')[2];
  site.admin('window', 'set', '--opens-at', OPENS, '--closes-at', CLOSES, '--places', '10');
  const response = await fetch(site.url + '/api/claim', {
    method: 'POST', headers: { Cookie: `guichet_session=${cookie}`, Origin: site.url },
  });
  assert.equal(response.status, 201);
  receivedAt = JSON.parse((await response.json()).receipt).received_at;
  browser = await launchBrowser({ env: { TZ: 'Asia/Tokyo' } });
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

const pad = (n) => String(n).padStart(2, '0');
/* "08 h 30" (fr, with no-break spaces) or "08:30 a.m." (en) of an ISO instant shifted by `hours`. */
function clock(iso, hours, lang) {
  const d = new Date(Date.parse(iso) + hours * 3600000);
  const h = d.getUTCHours(), m = pad(d.getUTCMinutes());
  if (lang === 'fr') return `${pad(h)}\u00a0h\u00a0${m}`;
  return `${pad(h % 12 || 12)}:${m} ${h < 12 ? 'a.m.' : 'p.m.'}`;
}

async function visitor(lang, options = {}) {
  const page = await newPage(browser, site, { lang, ...options });
  await enableAxe(page.context());
  await page.context().addCookies([{ name: 'guichet_session', value: cookie, url: site.url }]);
  return page;
}

for (const lang of ['fr', 'en']) {
  const words = lang === 'fr'
    ? { zone: 'heure de Montréal', yours: 'chez vous : ', tokyo: 'heure normale du Japon', day: 'lundi 16 février 2026', close: 'mercredi 1' }
    : { zone: 'Montreal time', yours: 'your time: ', tokyo: 'Japan Standard Time', day: 'Monday, February 16, 2026', close: 'Wednesday, July 1, 2099' };

  test(`the_home_page_schedule_is_in_the_program_zone_with_the_visitors_time_beside_it_${lang}`, { skip }, async () => {
    const page = await visitor(lang);
    await page.goto(site.url + '/index.html');
    const opening = page.locator('#window-info dd').first();
    await opening.waitFor();
    const text = await opening.innerText();
    assert.ok(text.startsWith(words.day), text);
    assert.ok(text.includes(`${clock(OPENS, -5, lang)}, ${words.zone} (${words.yours}`), text);
    assert.ok(text.includes(`${clock(OPENS, 9, lang)}, ${words.tokyo})`), text);
    const closing = await page.locator('#window-info dd').nth(1).innerText();
    assert.ok(closing.includes(words.close), closing);
    assert.ok(closing.includes(`${clock(CLOSES, -4, lang)}, ${words.zone}`), closing + ' (daylight time in July)');
    assert.ok(closing.includes(`${clock(CLOSES, 9, lang)}, ${words.tokyo}`), closing);
    assert.deepEqual(await seriousViolations(page, `index.html (${lang}, Tokyo)`), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`the_receipt_shows_its_time_in_the_program_zone_beside_the_visitors_and_utc_${lang}`, { skip }, async () => {
    const page = await visitor(lang);
    await page.goto(site.url + '/receipt.html');
    await page.locator('#receipt-view').waitFor();
    const row = page.locator('#receipt-view dd', { hasText: receivedAt });
    const text = await row.innerText();
    // December: Montreal is UTC-5, Tokyo UTC+9.
    assert.ok(text.includes(`${clock(receivedAt, -5, lang)}, ${words.zone} (${words.yours}`), text);
    assert.ok(text.includes(`${clock(receivedAt, 9, lang)}, ${words.tokyo})`), text);
    assert.ok(text.endsWith(`(${receivedAt})`), 'the receipt itself stays in UTC: ' + text);
    assert.deepEqual(await seriousViolations(page, `receipt.html (${lang}, Tokyo)`), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('the_claim_page_schedule_names_the_program_zone', { skip }, async () => {
  const page = await visitor('fr');
  await page.goto(site.url + '/claim.html');
  const opening = page.locator('#window-info dd').first();
  await opening.waitFor();
  assert.match(await opening.innerText(), /08\u00a0h\u00a030, heure de Montréal \(chez vous : .*22\u00a0h\u00a030, heure normale du Japon\)/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a_visitor_whose_clock_reads_montreals_sees_one_time', { skip }, async () => {
  const page = await visitor('en', { timezoneId: 'America/Toronto' });
  await page.goto(site.url + '/index.html');
  const opening = page.locator('#window-info dd').first();
  await opening.waitFor();
  assert.equal(await opening.innerText(), 'Monday, February 16, 2026 at 08:30 a.m., Montreal time');
  await page.context().close();
});

test('the_console_shows_and_takes_the_window_dates_in_the_program_zone', { skip }, async () => {
  const page = await newPage(browser, site);
  await adminLogin(page, site, 'tz', addAdmin(site, 'tz'));
  const now = page.locator('#window-now');
  await now.locator('text=/Montreal time/').first().waitFor();
  const text = await now.innerText();
  assert.ok(text.includes('2026-02-16 08:30:00 heure de Montréal / Montreal time ' +
                         '(chez vous / your time : 2026-02-16 22:30:00, Asia/Tokyo)'), text);
  assert.equal(await page.inputValue('#opens_at'), '2026-02-16T08:30');  // chromium leaves out :00
  assert.equal(await page.locator('label[for="opens_at"]').innerText(), 'Ouverture (heure de Montréal) / Opens (Montreal time)');
  // A closing typed on Montreal's clock: 23:59 on 31 December is 04:59 UTC on 1 January.
  await page.fill('#closes_at', '2099-12-31T23:59');
  assert.equal(await page.locator('#closes_at-local').innerText(), '= 2100-01-01 13:59:00, Asia/Tokyo');
  await page.locator('#window-form button[type="submit"]').click();
  await page.locator('#message', { hasText: 'Window saved' }).waitFor();
  let window = null;  // nginx micro-caches /api/window for a second
  for (let i = 0; i < 30 && (!window || window.closes_at !== '2100-01-01T04:59:00.000Z'); i++) {
    if (window) await new Promise((resolve) => setTimeout(resolve, 200));
    window = await (await fetch(site.url + '/api/window')).json();
  }
  assert.equal(window.closes_at, '2100-01-01T04:59:00.000Z');
  assert.equal(window.opens_at, '2026-02-16T13:30:00.000Z', 'the opening went back unchanged');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
