// The whole candidate journey in a real browser against the real local site:
// create an account, log in, fill the dossier, upload PDFs, see compliance turn
// green, wait for a window opening a few seconds later, claim, see the receipt
// with its rank, save it, and verify it on the verification page.
// Needs the accounts, dossier, upload and claim handlers; skips, saying so, without them.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Site, launchBrowser, newPage, screenshots, missingHandlers } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');

const NEEDED = ['window', 'accounts', 'dossier', 'upload', 'claim'];
const missing = missingHandlers(NEEDED);
const SKIP = missing.length
  ? `needs the handler binaries ${missing.map((n) => `guichet-${n}-fcgi`).join(', ')} (not built on this branch)`
  : false;

const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
            'trailer\n<< /Root 1 0 R >>\n%%EOF\n';

let site, browser, work;
before(async () => {
  if (SKIP) return;
  site = await new Site({ GUICHET_PBKDF2_ITERATIONS: '1000' }).start();
  site.admin('window', 'set', '--opens-at', '+3600', '--closes-at', '+7200', '--places', '10');
  browser = await launchBrowser();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-journey-'));
  fs.writeFileSync(path.join(work, 'document.pdf'), PDF);
});
after(async () => {
  if (browser) await browser.close();
  if (site) site.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function isoDate(yearsFromNow) {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + yearsFromNow);
  return d.toISOString().slice(0, 10);
}

async function createAccountAndLogIn(page, email) {
  await page.goto(site.url + '/account.html');
  await page.getByLabel('Nom complet').fill('Ada Lovelace');
  await page.getByLabel('Adresse courriel').fill(email);
  await page.getByLabel('Mot de passe').fill('une phrase de passe assez longue');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL('**/dossier.html**');

  // Log out, then log in through the login page.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL('**/index.html');
  await page.goto(site.url + '/login.html?next=/dossier.html');
  await page.getByLabel('Adresse courriel').fill(email);
  await page.getByLabel('Mot de passe').fill('une phrase de passe assez longue');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL('**/dossier.html');
}

async function fillDossier(page) {
  await page.locator('#dossier-form').waitFor();
  await page.fill('#f-family_name', 'Lovelace');
  await page.fill('#f-given_names', 'Ada Augusta');
  await page.fill('#f-birth_date', '1990-12-10');
  await page.selectOption('#f-citizenship', 'FR');
  await page.selectOption('#f-residence_country', 'SN');
  await page.fill('#f-passport_number', 'AB1234567');
  await page.fill('#f-passport_expiry', isoDate(5));
  await page.selectOption('#f-education_level', 'master');
  await page.fill('#f-field_of_study', 'Mathématiques');
  await page.fill('#f-occupation', 'Ingénieure');
  await page.fill('#f-years_experience', '7');
  await page.selectOption('#f-french_level', 'nclc7');
  await page.selectOption('#f-english_level', 'nclc9');
  await page.selectOption('#f-accompanying_spouse', 'no');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.locator('#saved-at', { hasText: 'Enregistré' }).waitFor();
  assert.deepEqual(await page.locator('.error-summary').count(), 0);
}

async function uploadDocuments(page, kinds) {
  await page.goto(site.url + '/documents.html');
  for (const kind of kinds) {
    await page.setInputFiles(`#d-${kind}`, path.join(work, 'document.pdf'));
    await page.locator(`button.upload[data-kind="${kind}"]`).click();
    await page.locator(`section[data-kind="${kind}"][data-present="true"]`).waitFor();
  }
}

async function claimWhenOpen(page) {
  await page.goto(site.url + '/claim.html');
  await page.locator('#countdown').waitFor();
  assert.equal(await page.getAttribute('#claim-button', 'aria-disabled'), 'true');
  await page.locator('#claim-button[aria-disabled="false"]').waitFor({ timeout: 60000 });
  await page.locator('#claim-button').click();
}

test('the_whole_candidate_journey', { skip: SKIP, timeout: 180000 }, async () => {
  const page = await newPage(browser, site, { lang: 'fr' });
  await enableAxe(page.context());
  const serious = [];  // axe on the pages a logged-in candidate sees, in each state
  await createAccountAndLogIn(page, 'ada@example.org');

  await fillDossier(page);
  serious.push(...await seriousViolations(page, 'dossier saved'));
  await screenshots(page, 'dossier-fr');

  // Not compliant yet: the required documents are missing, each linked to its input.
  await page.goto(site.url + '/check.html');
  await page.locator('#compliance[data-compliant="false"]').waitFor();
  assert.equal(await page.locator('#compliance a[href="/documents.html#d-passport"]').count(), 1);
  serious.push(...await seriousViolations(page, 'check, not compliant'));

  await uploadDocuments(page, ['passport', 'birth_certificate', 'diploma']);
  serious.push(...await seriousViolations(page, 'documents uploaded'));

  await page.goto(site.url + '/check.html');
  await page.locator('#compliance[data-compliant="true"]').waitFor();
  assert.match(await page.locator('#compliance').innerText(), /Votre dossier est complet/);

  // The window opens a few seconds from now; the button enables itself.
  site.admin('window', 'set', '--opens-at', '+8', '--closes-at', '+900', '--places', '10');
  await claimWhenOpen(page);
  await page.locator('#receipt-rank').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('#receipt-rank').innerText(), 'Rang : 1');
  assert.equal(await page.getAttribute('#receipt-outcome', 'data-outcome'), 'granted');
  serious.push(...await seriousViolations(page, 'claim outcome'));

  // Save the receipt as a file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#save-receipt').click()]);
  const saved = path.join(work, download.suggestedFilename());
  await download.saveAs(saved);
  const claim = JSON.parse(fs.readFileSync(saved, 'utf8'));
  assert.equal(typeof claim.receipt, 'string');
  assert.equal(JSON.parse(claim.receipt).rank, 1);

  // The receipt page shows it too.
  await page.goto(site.url + '/receipt.html');
  await page.locator('#receipt-rank').waitFor();
  assert.equal(await page.locator('#receipt-rank').innerText(), 'Rang : 1');
  await screenshots(page, 'receipt-fr');

  // The verification page checks it in the browser (only the key is fetched).
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(site.url + '/verify.html');
  await page.setInputFiles('#receipt-file', saved);
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await page.locator('#verify-outcome[data-valid="true"]').waitFor();
  assert.ok(!requests.some((p) => p.startsWith('/api/')), 'no API call while verifying: ' + requests.join(' '));
  assert.ok(requests.includes('/keys/receipt.pem'));
  serious.push(...await seriousViolations(page, 'verify, valid'));

  // A receipt whose rank was changed does not verify.
  const forged = { ...claim, receipt: claim.receipt.replace('"rank":1', '"rank":0') };
  assert.notEqual(forged.receipt, claim.receipt);
  await page.goto(site.url + '/verify.html');
  await page.fill('#receipt-text', JSON.stringify(forged));
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await page.locator('#verify-outcome[data-valid="false"]').waitFor();
  assert.deepEqual(serious, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a_claim_sent_while_the_claim_pool_is_down_is_retried_until_it_returns', { skip: SKIP, timeout: 180000 }, async () => {
  const page = await newPage(browser, site, { lang: 'en' });
  await page.goto(site.url + '/account.html');
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Email address').fill('grace@example.org');
  await page.getByLabel('Password').fill('another long pass phrase');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/dossier.html**');
  await page.locator('#dossier-form').waitFor();
  await page.fill('#f-family_name', 'Hopper');
  await page.fill('#f-given_names', 'Grace');
  await page.fill('#f-birth_date', '1986-12-09');
  await page.selectOption('#f-citizenship', 'US');
  await page.selectOption('#f-residence_country', 'CA');
  await page.fill('#f-passport_number', 'XY98765');
  await page.fill('#f-passport_expiry', isoDate(3));
  await page.selectOption('#f-education_level', 'doctorate');
  await page.fill('#f-field_of_study', 'Mathematics');
  await page.fill('#f-occupation', 'Programmer');
  await page.fill('#f-years_experience', '12');
  await page.selectOption('#f-french_level', 'nclc5');
  await page.selectOption('#f-english_level', 'nclc12');
  await page.selectOption('#f-accompanying_spouse', 'no');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#saved-at', { hasText: 'Saved' }).waitFor();
  await uploadDocuments(page, ['passport', 'birth_certificate', 'diploma']);

  await page.goto(site.url + '/claim.html');
  await page.locator('#window-state').waitFor();
  await page.locator('#claim-button[aria-disabled="false"]').waitFor({ timeout: 60000 });
  await site.killPool('claim');
  await page.locator('#claim-button').click();
  // The page names the function that is down, and says when it tries again.
  await page.locator('#claim-status [data-unavailable="/api/claim"]').waitFor();
  assert.match(await page.locator('#claim-status').innerText(), /claiming a place/);
  assert.match(await page.locator('#next-attempt').innerText(), /Next automatic attempt at \d\d:\d\d:\d\d/);
  site.resume();
  await page.locator('#receipt-rank').waitFor({ timeout: 90000 });
  assert.equal(await page.locator('#receipt-rank').innerText(), 'Rank: 2');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
