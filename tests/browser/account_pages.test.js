// The states of the account pages, in French and in English, each checked
// with axe-core (no serious or critical violation): signup's "check your
// email", a login before the address is confirmed, the confirmation link
// followed (and followed again), a link without a token or with an unknown one,
// the new-password form, and a logged-in candidate's change of address.
// Messages are read from the site's data/mail/ folder (lib/mail.js).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Site, launchBrowser, newPage } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');
const { followLink, signUp, logInRefused, logIn, signUpConfirmAndLogIn } = require('./lib/accounts');
const { messages, waitForLink, waitForMessage } = require('./lib/mail');

const UNKNOWN_TOKEN = 'A'.repeat(43);
const HEADINGS = {
  fr: { sent: 'Vérifiez vos courriels', unverified: 'Adresse pas encore confirmée', verified: 'Adresse confirmée', bad: 'Ce lien ne fonctionne pas' },
  en: { sent: 'Check your email', unverified: 'Address not confirmed yet', verified: 'Address confirmed', bad: 'This link does not work' },
};

let site, browser;
before(async () => {
  // Many account requests from one address in a minute: nginx's per-client rates out of the way.
  site = await new Site({ GUICHET_ACCOUNT_RATE: '6000r/m', GUICHET_LOGIN_RATE: '6000r/m' }).start();
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

async function axePage(lang) {
  const page = await newPage(browser, site, { lang });
  await enableAxe(page.context());
  return page;
}

async function focusedId(page) { return page.evaluate(() => document.activeElement.id); }

for (const lang of ['fr', 'en']) {
  const words = HEADINGS[lang];

  test(`a_link_without_a_token_or_with_an_unknown_one_says_what_to_do_${lang}`, async () => {
    const page = await axePage(lang);
    const serious = [];
    await page.goto(site.url + '/verify-email.html');
    await page.locator('#no-token').waitFor();
    serious.push(...await seriousViolations(page, `${lang} verify-email, no token`));
    await page.goto(site.url + '/verify-email.html?token=' + UNKNOWN_TOKEN);
    await page.locator('#bad-token').waitFor();
    assert.match(await page.locator('#bad-token').innerText(), new RegExp(words.bad));
    assert.equal(await focusedId(page), 'bad-token');
    serious.push(...await seriousViolations(page, `${lang} verify-email, unknown token`));
    assert.deepEqual(serious, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`the_new_password_form_takes_the_token_out_of_the_address_${lang}`, async () => {
    const page = await axePage(lang);
    const serious = [];
    await followLink(page, site.url + '/reset-password.html?token=' + UNKNOWN_TOKEN);
    await page.locator('#reset-choose-form').waitFor();
    assert.equal(await page.locator('#reset-request-form').isVisible(), false);
    serious.push(...await seriousViolations(page, `${lang} reset-password, new password form`));
    await page.locator('#reset-choose-form button[type="submit"]').click();
    await page.locator('#choose-error-summary .error-summary').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
    serious.push(...await seriousViolations(page, `${lang} reset-password, new password form with errors`));
    // An unknown token: the page says so and offers the request form again.
    await page.fill('#new-password', 'une très longue phrase de passe');
    await page.locator('#reset-choose-form button[type="submit"]').click();
    await page.locator('#bad-token').waitFor();
    assert.equal(await focusedId(page), 'bad-token');
    assert.equal(await page.locator('#reset-request-form').isVisible(), true);
    serious.push(...await seriousViolations(page, `${lang} reset-password, unknown token`));
    assert.deepEqual(serious, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`signup_then_a_login_before_confirming_then_the_link_twice_${lang}`, async () => {
    const page = await axePage(lang);
    const serious = [];
    const account = { name: 'Émilie du Châtelet', email: `emilie.${lang}@example.org`, password: 'principia mathematica 1759' };
    await signUp(page, site, account, serious, lang);
    assert.match(await page.locator('#check-email h1').innerText(), new RegExp(words.sent));
    const { url, message } = await waitForLink(site, { to: account.email, page: 'verify-email.html' });
    assert.equal(message.headers['content-language'], lang, 'the message is in the signup page\'s language');

    // Before the link is followed, the right password gets the "not confirmed" notice.
    const notice = await logInRefused(page, site, account);
    assert.equal(await notice.getAttribute('id'), 'unverified');
    assert.match(await notice.innerText(), new RegExp(words.unverified));
    assert.match(await notice.innerText(), new RegExp(account.email.replace(/[.]/g, '\\.')));
    assert.equal(await focusedId(page), 'unverified');
    serious.push(...await seriousViolations(page, `${lang} login, address not confirmed`));

    await followLink(page, url);
    await page.locator('#verified').waitFor();
    assert.match(await page.locator('#verified').innerText(), new RegExp(words.verified));
    serious.push(...await seriousViolations(page, `${lang} verify-email, confirmed`));
    // The same link again: used, so refused, with what to do.
    await followLink(page, url);
    await page.locator('#bad-token').waitFor();
    serious.push(...await seriousViolations(page, `${lang} verify-email, link used`));

    await logIn(page, site, account);
    assert.deepEqual(serious, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`a_logged_in_candidate_changes_address_through_the_link_${lang}`, { timeout: 120000 }, async () => {
    const page = await axePage(lang);
    const serious = [];
    const account = { name: 'Sophie Germain', email: `sophie.${lang}@example.org`, password: 'theoreme de fermat 1816' };
    const next = { email: `sophie.germain.${lang}@example.net` };
    await signUpConfirmAndLogIn(page, site, account);
    await page.goto(site.url + '/account.html');
    await page.locator('#my-account').waitFor();
    assert.equal(await page.locator('#account-form').isVisible(), false, 'a logged-in candidate does not see the signup form');
    assert.match(await page.locator('#my-account dd.account-email').innerText(), new RegExp(account.email.replace(/[.]/g, '\\.')));
    serious.push(...await seriousViolations(page, `${lang} my account`));

    await page.locator('#change-email-form button[type="submit"]').click();
    await page.locator('#change-error-summary .error-summary').waitFor();
    serious.push(...await seriousViolations(page, `${lang} change of address, empty`));
    await page.fill('#new-email', next.email);
    await page.fill('#current-password', 'not the password at all');
    await page.locator('#change-email-form button[type="submit"]').click();
    await page.locator('#current-password-error').waitFor();
    assert.equal(await page.getAttribute('#current-password', 'aria-invalid'), 'true');
    serious.push(...await seriousViolations(page, `${lang} change of address, wrong password`));

    await page.fill('#current-password', account.password);
    await page.locator('#change-email-form button[type="submit"]').click();
    await page.locator('#change-sent').waitFor();
    const sent = await page.locator('#change-sent').innerText();
    assert.ok(sent.includes(next.email) && sent.includes(account.email), sent);
    assert.equal(await focusedId(page), 'change-sent');
    serious.push(...await seriousViolations(page, `${lang} change of address, link sent`));

    // Until the link is followed, the current address still logs in.
    const { url } = await waitForLink(site, { to: next.email, page: 'verify-email.html' });
    await logIn(page, site, account);
    const before = messages(site).map((m) => m.file);
    await followLink(page, url);
    await page.locator('#verified').waitFor();
    assert.match(await page.locator('#verified').innerText(), new RegExp(next.email.replace(/[.]/g, '\\.')));
    // The old address is told, and no longer logs in; the new one does.
    await waitForMessage(site, { to: account.email, pattern: /\S/, seen: before });
    const refused = await logInRefused(page, site, account);
    assert.equal(await refused.evaluate((node) => node.classList.contains('error-summary')), true);
    await logIn(page, site, { email: next.email, password: account.password });
    assert.deepEqual(serious, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
