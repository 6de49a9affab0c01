// Forgot your password, in French and in English: from the login page's link,
// ask for a link, follow it from the message in data/mail/, choose a new
// password (the signup's rules: a refused one is explained at the field), see
// every session ended, log in with the new password; the old one and the used
// link no longer work. axe-core (no serious or critical violation) on each state.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Site, launchBrowser, newPage } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');
const { followLink, logIn, logInRefused, signUpConfirmAndLogIn } = require('./lib/accounts');
const { waitForLink } = require('./lib/mail');

const WORDS = {
  fr: { forgot: 'Mot de passe oublié ?', tooShort: 'trop courte', done: 'Mot de passe changé', sentIf: /S'il existe un compte pour/ },
  en: { forgot: 'Forgot your password?', tooShort: 'too short', done: 'Password changed', sentIf: /If an account exists for/ },
};

let site, browser;
before(async () => {
  // Many account requests from one address in a minute: nginx's per-client rates out of the way.
  site = await new Site({ GUICHET_ACCOUNT_RATE: '6000r/m', GUICHET_LOGIN_RATE: '6000r/m' }).start();
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

/* The request form, sent for `email`: the answer shown (the same whether or not it has an account). */
async function askForLink(page, email) {
  await page.fill('#reset-email', email);
  await page.locator('#reset-request-form button[type="submit"]').click();
  await page.locator('#request-sent').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'request-sent');
  return (await page.locator('#request-sent').innerText()).replace(email, 'ADDRESS');
}

for (const lang of ['fr', 'en']) {
  const words = WORDS[lang];

  test(`forgot_password_sets_a_new_one_through_the_emailed_link_${lang}`, { timeout: 120000 }, async () => {
    const account = { name: 'Ada Lovelace', email: `ada.${lang}@example.org`, password: 'the analytical engine 1843' };
    const newPassword = 'a new and rather long pass phrase';
    // A session opened earlier on another device: the reset must end it.
    const other = await newPage(browser, site, { lang });
    await signUpConfirmAndLogIn(other, site, account);

    const page = await newPage(browser, site, { lang });
    await enableAxe(page.context());
    const serious = [];
    await page.goto(site.url + '/login.html');
    await page.getByRole('link', { name: words.forgot }).click();
    await page.waitForURL('**/reset-password.html');
    await page.locator('#reset-request-form').waitFor();
    serious.push(...await seriousViolations(page, `${lang} reset, request form`));

    // The answer says nothing about whether the address has an account.
    const unknown = await askForLink(page, `nobody.${lang}@example.org`);
    const known = await askForLink(page, account.email);
    assert.match(known, words.sentIf);
    assert.equal(known, unknown, 'the same words for an unknown address');
    serious.push(...await seriousViolations(page, `${lang} reset, link sent`));

    const { url } = await waitForLink(site, { to: account.email, page: 'reset-password.html' });
    await followLink(page, url);
    await page.locator('#reset-choose-form').waitFor();
    // The policy's refusal, at the field, in the page's language.
    await page.fill('#new-password', 'short');
    await page.locator('#reset-choose-form button[type="submit"]').click();
    await page.locator('#new-password-error').waitFor();
    assert.match(await page.locator('#new-password-error').innerText(), new RegExp(words.tooShort));
    serious.push(...await seriousViolations(page, `${lang} reset, password refused`));
    await page.fill('#new-password', newPassword);
    await page.locator('#reset-choose-form button[type="submit"]').click();
    await page.locator('#reset-done').waitFor();
    assert.match(await page.locator('#reset-done h1').innerText(), new RegExp(words.done));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'reset-done');
    serious.push(...await seriousViolations(page, `${lang} reset, done`));

    // Every session was ended: the other device is logged out.
    await other.goto(site.url + '/dossier.html');
    await other.locator('#page-status a[href^="/login.html"]').waitFor();
    await other.context().close();

    // The link works once.
    await followLink(page, url);
    await page.fill('#new-password', 'yet another long pass phrase');
    await page.locator('#reset-choose-form button[type="submit"]').click();
    await page.locator('#bad-token').waitFor();
    serious.push(...await seriousViolations(page, `${lang} reset, link used`));

    // The old password fails; the new one logs in.
    const refused = await logInRefused(page, site, account);
    assert.equal(await refused.evaluate((node) => node.classList.contains('error-summary')), true);
    await logIn(page, site, { email: account.email, password: newPassword });
    assert.deepEqual(serious, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
