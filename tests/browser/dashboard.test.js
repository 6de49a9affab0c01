// The console's dashboard shows the mailer's queue: a site whose SMTP server is
// down holds a signup's confirmation message, and an administrator (password
// and TOTP, as a person logs in) sees it queued, its age, and that it fails.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { Site, launchBrowser, newPage } = require('./lib/site');
const { signUp } = require('./lib/accounts');

const ADMIN_PASSWORD = 'a long admin passphrase';

function closedPort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/* RFC 6238: HMAC-SHA1, 30-second steps, 6 digits (handlers/crypto/totp.h). */
function totp(secret, seconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = crypto.createHmac('sha1', secret).update(counter).digest();
  const at = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, '0');
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

  const file = path.join(site.data, 'admin-password');
  fs.writeFileSync(file, ADMIN_PASSWORD + '\n', { mode: 0o600 });
  const secret = base32Decode(/secret=([A-Z2-7=]+)/.exec(site.admin('admin', 'add', 'alice', '--password-file', file))[1]);
  const page = await newPage(browser, site);
  await page.goto(site.url + '/admin/');
  await page.fill('#user', 'alice');
  await page.fill('#password', ADMIN_PASSWORD);
  await page.fill('#totp', totp(secret));
  await page.locator('#login button[type="submit"]').click();
  await page.waitForURL('**/admin/console.html');

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
