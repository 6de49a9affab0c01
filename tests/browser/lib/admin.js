// An administrator logging in to the console as a person does: guichet-admin
// admin add (password and TOTP secret), then the login page with a TOTP code.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ADMIN_PASSWORD = 'a long admin passphrase';

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

/* Adds administrator `user` to the site; returns its TOTP secret (bytes). */
function addAdmin(site, user) {
  const file = path.join(site.data, 'admin-password');
  fs.writeFileSync(file, ADMIN_PASSWORD + '\n', { mode: 0o600 });
  return base32Decode(/secret=([A-Z2-7=]+)/.exec(site.admin('admin', 'add', user, '--password-file', file))[1]);
}

/* Logs `user` in on `page` and waits for the console. */
async function adminLogin(page, site, user, secret) {
  await page.goto(site.url + '/admin/');
  await page.fill('#user', user);
  await page.fill('#password', ADMIN_PASSWORD);
  await page.fill('#totp', totp(secret));
  await page.locator('#login button[type="submit"]').click();
  await page.waitForURL('**/admin/console.html');
}

module.exports = { addAdmin, adminLogin, totp };
