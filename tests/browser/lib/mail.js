// The messages a test site's mailer writes (no GUICHET_SMTP_URL: one RFC 5322
// .eml file per message in <data>/mail/, see docs/mail.md), read the way a
// person would: the text part decoded, the link in it followed as it is.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/* Quoted-printable (RFC 2045 6.7) to text: soft breaks joined, =XX decoded as UTF-8 bytes. */
function decodeQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/* {file, mtime, headers: {name: value}, text}: text is the text/plain part, decoded. */
function readMessage(file) {
  const raw = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const end = raw.indexOf('\n\n');
  const headers = {};
  for (const line of raw.slice(0, end).replace(/\n[ \t]+/g, ' ').split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  const part = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*\n([\s\S]*?)(?:\n--=_|$)/i.exec(raw);
  const plain = part ? part[1] : raw.slice(end + 2);
  const qp = /quoted-printable/i.test(part ? part[0] : headers['content-transfer-encoding'] || '');
  return { file, mtime: fs.statSync(file).mtimeMs, headers, text: qp ? decodeQuotedPrintable(plain) : plain };
}

function messages(site) {
  const folder = path.join(site.data, 'mail');
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder).filter((name) => name.endsWith('.eml'))
    .map((name) => readMessage(path.join(folder, name)))
    .sort((a, b) => b.mtime - a.mtime);  // newest first
}

function addressedTo(message, address) {
  return (message.headers.to || '').toLowerCase().includes(`<${address.toLowerCase()}>`);
}

/* Waits for a message to `to` whose text has a link to `page` (verify-email.html or
   reset-password.html) and was not among `seen` (files); returns {url, message}. */
async function waitForLink(site, { to, page, seen = [], timeoutMs = 20000 }) {
  const pattern = new RegExp(`(https?://[^\\s<>"]+/${page.replace('.', '\\.')}\\?token=[A-Za-z0-9_-]+)`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const message of messages(site)) {
      if (seen.includes(message.file) || !addressedTo(message, to)) continue;
      const link = pattern.exec(message.text);
      if (link) return { url: link[1], message };
    }
    if (Date.now() > deadline) {
      const found = messages(site).map((m) => `${path.basename(m.file)} to ${m.headers.to}`);
      throw new Error(`no message to ${to} with a link to ${page} within ${timeoutMs} ms; the mail folder has: ${found.join(', ') || 'nothing'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/* Waits for any message to `to` not among `seen` whose text matches `pattern`. */
async function waitForMessage(site, { to, pattern, seen = [], timeoutMs = 20000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = messages(site).find((m) => !seen.includes(m.file) && addressedTo(m, to) && pattern.test(m.text));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no message to ${to} matching ${pattern} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

module.exports = { decodeQuotedPrintable, readMessage, messages, waitForLink, waitForMessage };
