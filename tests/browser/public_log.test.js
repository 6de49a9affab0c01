// The public log of claims seen from the verify page, against a real site with
// real claims: a genuine receipt is "included, entry i of N" (French and
// English, axe clean, a kept checkpoint compared), and each tampering with the
// published files in <data>/claim-log/ is named: an entry changed, the receipt's own
// entry changed, a line dropped, two lines swapped, the checkpoint changed, and
// a history rewritten and signed again with the key (a kept checkpoint catches it).
// guichet-verify log says the same of the same files.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { ROOT, BIN, Site, launchBrowser, newPage, screenshots, missingHandlers } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');

const missing = missingHandlers(['window', 'claim']);
const skip = missing.length ? `needs the ${missing.join(', ')} handler(s)` : false;
const CLAIMS = 6;
let site, browser, logDir, segment;
const receipts = [];

async function checkpointCount() {
  const response = await fetch(site.url + '/log/checkpoint.json', { cache: 'no-store' });
  if (!response.ok) return -1;
  return JSON.parse((await response.json()).checkpoint).count;
}

before(async () => {
  if (skip) return;
  site = await new Site({ GUICHET_LOG_SECONDS: '1' }).start();
  const out = path.join(site.data, 'cookies.txt');
  execFileSync(path.join(BIN, 'guichet-seed'), ['--data', site.data, '--count', String(CLAIMS), '--out', out], { cwd: ROOT });
  site.admin('window', 'set', '--opens-at', '+0', '--closes-at', '+3600', '--places', '3');
  // Half the claims, their checkpoint, then the rest: checkpoints/3.json is one a visitor could have kept.
  const sessions = fs.readFileSync(out, 'utf8').trim().split('\n').map((line) => line.split(' ')[2]);
  for (const [i, cookie] of sessions.entries()) {
    const response = await fetch(site.url + '/api/claim', {
      method: 'POST', headers: { Cookie: `guichet_session=${cookie}`, Origin: site.url },
    });
    assert.equal(response.status, 201);
    receipts.push(await response.text());
    if (i + 1 === CLAIMS / 2 || i + 1 === CLAIMS) {
      for (let t = 0; t < 100 && await checkpointCount() < i + 1; t++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await checkpointCount(), i + 1);
    }
  }
  logDir = path.join(site.data, 'claim-log');
  segment = path.join(logDir, 'entries', '000001.jsonl');
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

/* The verify page's verdict on receipts[n]'s entry: {included, problem, text}. */
async function logVerdict(n, { lang = 'en', older = '', axe = false, shot = '' } = {}) {
  const page = await newPage(browser, site, { lang });
  if (axe) await enableAxe(page.context());
  await page.goto(site.url + '/verify.html');
  await page.fill('#receipt-text', receipts[n]);
  if (older) {
    await page.locator('#older-checkpoint-details summary').click();
    await page.fill('#older-checkpoint', older);
  }
  await page.locator('#verify-form button[type="submit"]').click();
  await page.locator('#verify-outcome[data-valid="true"]').waitFor();
  const outcome = page.locator('#log-outcome');
  await outcome.waitFor();
  const verdict = { included: await outcome.getAttribute('data-included') === 'true',
                    problem: await outcome.getAttribute('data-problem'), text: await outcome.innerText() };
  if (axe) assert.deepEqual(await seriousViolations(page, `verify.html (log, ${lang})`), []);
  if (shot) await screenshots(page, shot);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  return verdict;
}

/* guichet-verify log on the site's own folder: {status, out}. */
function cli(n) {
  const answer = path.join(site.data, 'receipt.json');
  fs.writeFileSync(answer, receipts[n]);
  const run = spawnSync(path.join(BIN, 'guichet-verify'),
                        ['log', '--key', path.join(site.data, 'keys', 'receipt.pem'), '--dir', logDir, '--receipt', answer],
                        { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

/* Writes `file` by a rename, as the claim pool does: its log publisher, every
   second, reads checkpoint.json, and a half-written one would look unreadable to
   it and be published again honestly, under the test's feet. */
function replaceFile(file, text) {
  const temporary = path.join(path.dirname(file), `.tampered-${path.basename(file)}`);
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/* Runs `check` with `file` rewritten by `change`, then puts the published bytes back. */
async function withTampered(file, change, check) {
  const honest = fs.readFileSync(file, 'utf8');
  replaceFile(file, change(honest));
  try { await check(); } finally { replaceFile(file, honest); }
}
const lines = (text) => text.split('\n').slice(0, -1);
const joined = (list) => list.join('\n') + '\n';

test('a_genuine_receipt_is_included_in_the_public_log_in_both_languages', { skip }, async () => {
  const en = await logVerdict(2, { lang: 'en', axe: true, shot: 'verify-log-included' });
  assert.equal(en.included, true, en.text);
  assert.match(en.text, new RegExp(`Included in the public log: entry 3 of ${CLAIMS}, checkpoint published at `));
  const fr = await logVerdict(2, { lang: 'fr', axe: true });
  assert.match(fr.text, new RegExp(`Inclus dans le journal public : entrée 3 sur ${CLAIMS}, point de contrôle publié le `));
  const run = cli(2);
  assert.equal(run.status, 0, run.out);
  assert.match(run.out, /entry 3 of 6 is your claim/);
  assert.match(run.out, /log: verified/);
});

test('a_checkpoint_kept_from_earlier_is_on_the_same_chain', { skip }, async () => {
  const kept = fs.readFileSync(path.join(logDir, 'checkpoints', `${CLAIMS / 2}.json`), 'utf8');
  const seen = await logVerdict(4, { older: kept });
  assert.equal(seen.included, true, seen.text);
  assert.match(seen.text, new RegExp(`Your older checkpoint \\(${CLAIMS / 2} entries\\) is on the same chain`));
});

/* What an operator with the receipt key could publish: entry 2 replaced by
   another claim, every later prev mended, and a new checkpoint signed. */
function rewrittenLog(text) {
  const l = lines(text);
  const sha = (line) => crypto.createHash('sha256').update(line).digest('hex');
  l[1] = l[1].replace(/"claim_id":"(.)/, (m, c) => `"claim_id":"${c === '0' ? '1' : '0'}`);
  for (let i = 2; i < l.length; i++) l[i] = l[i].replace(/"prev":"[0-9a-f]{64}"/, `"prev":"${sha(l[i - 1])}"`);
  return l;
}

test('a_history_rewritten_and_signed_again_is_caught_by_a_kept_checkpoint_and_by_the_receipt', { skip }, async () => {
  const kept = fs.readFileSync(path.join(logDir, 'checkpoints', `${CLAIMS / 2}.json`), 'utf8');
  const cpFile = path.join(logDir, 'checkpoint.json');
  const honestCheckpoint = fs.readFileSync(cpFile, 'utf8');
  const rewritten = rewrittenLog(fs.readFileSync(segment, 'utf8'));
  const text = JSON.parse(JSON.parse(honestCheckpoint).checkpoint);
  text.head = crypto.createHash('sha256').update(rewritten[rewritten.length - 1]).digest('hex');
  const signedText = JSON.stringify(Object.fromEntries(Object.keys(text).sort().map((k) => [k, text[k]])));
  const key = fs.readFileSync(path.join(site.data, 'keys', 'receipt.key'));
  const signature = crypto.sign('sha256', Buffer.from(signedText), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
  await withTampered(segment, () => joined(rewritten), () => withTampered(cpFile, () => JSON.stringify({ checkpoint: signedText, signature }), async () => {
    const alone = await logVerdict(0);  // entry 1's receipt, on a chain that verifies on its own
    assert.equal(alone.included, true, alone.text);
    const older = await logVerdict(0, { older: kept });
    assert.equal(older.problem, 'older_head');
    assert.match(older.text, new RegExp(`The log was rewritten since your older checkpoint: entry ${CLAIMS / 2} no longer has the hash it signed`));
    const own = await logVerdict(4);
    assert.equal(own.problem, 'entry_changed');
    // The site's own checkpoints/ betray it; without them, the visitor's kept copy does.
    const verify = (...more) => spawnSync(path.join(BIN, 'guichet-verify'), ['log', '--key', path.join(site.data, 'keys', 'receipt.pem'), '--dir', logDir, ...more], { encoding: 'utf8' });
    const cliAlone = verify();
    assert.equal(cliAlone.status, 1, cliAlone.stdout + cliAlone.stderr);
    assert.match(cliAlone.stderr, new RegExp(`INVALID: entry ${CLAIMS / 2} does not hash to the head of checkpoints/${CLAIMS / 2}.json`));
    const since = path.join(site.data, 'kept.json');
    fs.writeFileSync(since, kept);
    const keptOnSite = path.join(logDir, 'checkpoints', `${CLAIMS / 2}.json`);
    fs.renameSync(keptOnSite, since + '.site');
    try {
      const run = verify('--since', since);
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`INVALID: entry ${CLAIMS / 2} does not hash to the head of your older checkpoint`));
    } finally { fs.renameSync(since + '.site', keptOnSite); }
  }));
});

test('an_entry_changed_by_one_byte_is_named', { skip }, async () => {
  const flip = (text) => { const l = lines(text); l[1] = l[1].replace(/"claim_id":"(.)/, (m, c) => `"claim_id":"${c === '0' ? '1' : '0'}`); return joined(l); };
  await withTampered(segment, flip, async () => {
    const other = await logVerdict(2, { shot: 'verify-log-changed' });
    assert.equal(other.problem, 'link');
    assert.match(other.text, /Entry 2 or entry 3 was changed: entry 3 no longer points to the hash of entry 2/);
    const own = await logVerdict(1, { lang: 'fr' });
    assert.equal(own.problem, 'entry_changed');
    assert.match(own.text, /L'entrée 2 a été modifiée/);
    assert.equal(cli(2).status, 1);
    assert.match(cli(1).out, /INVALID: entry 2 was changed: it does not hash to your receipt's log_hash/);
  });
});

test('a_dropped_line_is_an_entry_missing_between_its_neighbours', { skip }, async () => {
  await withTampered(segment, (text) => joined(lines(text).filter((_, i) => i !== 3)), async () => {
    const seen = await logVerdict(1);
    assert.equal(seen.problem, 'missing');
    assert.match(seen.text, /Entry 4 is missing between 3 and 5/);
    assert.match(cli(1).out, /INVALID: entry 4 is missing: entry 5 follows entry 3/);
  });
});

test('two_swapped_lines_are_entries_out_of_order', { skip }, async () => {
  const swap = (text) => { const l = lines(text); [l[3], l[4]] = [l[4], l[3]]; return joined(l); };
  await withTampered(segment, swap, async () => {
    const seen = await logVerdict(0, { lang: 'fr' });
    assert.equal(seen.problem, 'order');
    assert.match(seen.text, /Des entrées sont dans le désordre : l'entrée 5 vient avant l'entrée 4/);
    assert.match(cli(0).out, /INVALID: entries out of order: entry 5 comes before entry 4/);
  });
});

test('a_last_entry_changed_misses_the_signed_head_and_a_checkpoint_with_a_changed_head_fails_its_signature', { skip }, async () => {
  const last = (text) => { const l = lines(text); l[CLAIMS - 1] = l[CLAIMS - 1].replace('"dossier_sha256":"', '"dossier_sha256":"0'); return joined(l); };
  await withTampered(segment, last, async () => {
    const seen = await logVerdict(0);
    assert.equal(seen.problem, 'head');
    assert.match(seen.text, /The log's head does not match the signed checkpoint/);
  });
  // The head, not the count: the claim pool publishes again a checkpoint whose count or window is not the log's.
  const head = (text) => text.replace(/(\\"head\\":\\")(.)/, (m, before, c) => before + (c === '0' ? '1' : '0'));
  await withTampered(path.join(logDir, 'checkpoint.json'), head, async () => {
    const seen = await logVerdict(0);
    assert.equal(seen.problem, 'checkpoint_signature');
    assert.match(cli(0).out, /INVALID: checkpoint.json: its signature does not match/);
  });
});
