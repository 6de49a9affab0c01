// The claim page's countdown follows the server's clock, not the visitor's:
// two visitors whose clocks are 30 s fast and 30 s slow (Date overridden in an
// init script; performance.now, the page's monotonic clock, is the machine's)
// see the same countdown, and the claim button enables itself at the server's
// opens_at, neither 30 s early nor 30 s late. The test, the browser and the
// site share this machine's clock, so the moment the button enabled (recorded
// in the page from performance.timeOrigin + performance.now()) is compared
// with opens_at directly.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, BIN, Site, launchBrowser, newPage, missingHandlers } = require('./lib/site');

const missing = missingHandlers(['window', 'claim']);
const skip = missing.length ? `needs the ${missing.join(', ')} handler(s)` : false;
const SKEWS_MS = [30000, -30000];
let site, browser, cookie;

before(async () => {
  if (skip) return;
  site = await new Site().start();
  const out = path.join(site.data, 'cookies.txt');
  execFileSync(path.join(BIN, 'guichet-seed'), ['--data', site.data, '--count', '1', '--out', out], { cwd: ROOT });
  cookie = fs.readFileSync(out, 'utf8').trim().split(' ')[2];
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

/* A logged-in candidate on the claim page, whose Date reads `skew` ms off. */
async function skewedVisitor(skew) {
  const page = await newPage(browser, site, { lang: 'en' });
  await page.context().addInitScript((skewMs) => {
    const RealDate = Date;
    class SkewedDate extends RealDate {
      constructor(...args) { if (args.length) super(...args); else super(RealDate.now() + skewMs); }
      static now() { return RealDate.now() + skewMs; }
    }
    window.Date = SkewedDate;
  }, skew);
  // The error bound of the server clock the page keeps (half the round trip
  // of its best measurement, time.js), recorded at every poll from the first:
  // time.js's betterClock, wrapped as the page defines it.
  await page.context().addInitScript(() => {
    const G = {};
    let better = null;
    Object.defineProperty(G, 'betterClock', {
      configurable: true,
      enumerable: true,
      set(f) { better = f; },
      get() {
        return better && ((current, next) => {
          const kept = better(current, next);
          if (kept) window.clockError = kept.error;
          return kept;
        });
      },
    });
    window.Guichet = G;
  });
  await page.context().addCookies([{ name: 'guichet_session', value: cookie, url: site.url }]);
  await page.goto(site.url + '/claim.html');
  await page.locator('#window-state[data-state="scheduled"]').waitFor();
  await page.locator('#claim-button[aria-disabled="true"]').waitFor();
  // The real moment the button enables, by the machine's clock.
  await page.evaluate(() => {
    const button = document.getElementById('claim-button');
    new MutationObserver(() => {
      if (button.getAttribute('aria-disabled') === 'false' && !window.enabledAt) {
        window.enabledAt = performance.timeOrigin + performance.now();
      }
    }).observe(button, { attributes: true, attributeFilter: ['aria-disabled'] });
  });
  return page;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('the_button_enables_at_the_servers_opening_whatever_the_visitors_clock', { skip }, async (t) => {
  site.admin('window', 'set', '--opens-at', '+12', '--closes-at', '+900', '--places', '10');
  const opensAt = Date.parse((await (await fetch(site.url + '/api/window')).json()).opens_at);
  const pages = [];
  for (const skew of SKEWS_MS) pages.push(await skewedVisitor(skew));
  for (const [i, page] of pages.entries()) {
    const off = await page.evaluate(() => Date.now()) - Date.now();
    assert.ok(Math.abs(off - SKEWS_MS[i]) < 1000, `the page's clock reads ${off} ms off`);
  }
  assert.ok(Date.now() < opensAt - 4000, 'the pages were ready well before the opening');

  // Three seconds before the opening, both countdowns say about three seconds.
  await sleep(opensAt - 3000 - Date.now());
  for (const [i, page] of pages.entries()) {
    const text = await page.locator('#countdown').innerText();
    const seconds = Number((/(\d+)\s*s$/.exec(text) || [])[1]);
    assert.ok(seconds >= 2 && seconds <= 4 && !/min/.test(text), `skew ${SKEWS_MS[i]}: the countdown reads "${text}"`);
    assert.equal(await page.getAttribute('#claim-button', 'aria-disabled'), 'true');
  }

  for (const [i, page] of pages.entries()) {
    await page.locator('#claim-button[aria-disabled="false"]').waitFor({ timeout: 20000 });
    const [enabledAt, error] = await page.evaluate(() => [window.enabledAt, window.clockError]);
    const late = enabledAt - opensAt;
    // The estimate is off by at most half the round trip of the measurement
    // the page keeps (a few ms on a quiet loopback; more on a loaded
    // machine), and the countdown checks every 250 ms; a visitor's clock
    // would be 30 s off.
    assert.ok(typeof error === 'number', `skew ${SKEWS_MS[i]}: the page polled and kept a clock`);
    t.diagnostic(`skew ${SKEWS_MS[i]} ms: the button enabled ${late.toFixed(0)} ms after opens_at (clock error bound ${error.toFixed(0)} ms)`);
    assert.ok(late >= -(error + 20) && late <= 1500,
      `skew ${SKEWS_MS[i]}: enabled ${late.toFixed(0)} ms after opens_at, beyond the page's error bound of ${error.toFixed(0)} ms`);
    assert.equal(await page.locator('#window-state').getAttribute('data-state'), 'open');
    assert.deepEqual(page.errors, []);
  }
  for (const page of pages) await page.context().close();
});
