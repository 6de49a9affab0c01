// The console's dashboard shows the mailer's queue: a site whose SMTP server is
// down holds a signup's confirmation message, and an administrator (password
// and TOTP, as a person logs in) sees it queued, its age, and that it fails.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { Site, launchBrowser, newPage } = require('./lib/site');
const { signUp } = require('./lib/accounts');
const { addAdmin, adminLogin } = require('./lib/admin');

function closedPort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let site, browser;
before(async () => {
  site = await new Site({ GUICHET_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, GUICHET_MAIL_RETRY_SECONDS: '1' }).start();
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

test('the_dashboard_shows_the_mail_queue_and_its_failures', { timeout: 60000 }, async () => {
  const candidate = await newPage(browser, site, { lang: 'fr' });
  await signUp(candidate, site, { name: 'Marie Curie', email: 'marie@example.org', password: 'radium et polonium 1898' });
  await candidate.context().close();

  const secret = addAdmin(site, 'alice');
  const page = await newPage(browser, site);
  await adminLogin(page, site, 'alice', secret);

  // The mailer's first attempt fails at once (nothing listens); the dashboard refreshes every 5 s.
  await page.locator('#s-mail-failing', { hasText: '1 ⚠' }).waitFor({ timeout: 30000 });
  assert.equal(await page.locator('#s-mail-queued').innerText(), '1');
  assert.match(await page.locator('#s-mail-oldest').innerText(), /^\d+ s|min/);
  const stats = await page.evaluate(() => fetch('/api/admin/stats', { credentials: 'same-origin' }).then((r) => r.json()));
  assert.equal(stats.mail.queued, 1);
  assert.equal(stats.mail.failing, 1);
  assert.match(stats.mail.oldest_created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(stats.mail.oldest_seconds >= 0);
  assert.equal(typeof stats.accounts, 'number', 'the earlier figures are still there');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
