// A candidate's account made the way a person makes one: the signup form, the
// "check your email" page, the link from the message in data/mail/ followed in
// the browser, then the login form. Each step can run axe-core on what it shows.
'use strict';

const assert = require('node:assert/strict');
const { seriousViolations } = require('./axe');
const { waitForLink } = require('./mail');

// The only requests that may carry a link's token, in their body.
const USES_TOKEN = /^\/api\/(accounts\/verify|password-reset\/confirm)$/;

async function axeIf(page, serious, where) {
  if (serious) serious.push(...await seriousViolations(page, where));
}

/* Follows a link from a message in the browser and checks that its token goes
   nowhere but the POST that uses it: not left in the address bar, not in any
   other request's address, not in any link of the page. Returns the requests. */
async function followLink(page, url) {
  const token = new URL(url).searchParams.get('token');
  const requests = [];
  const listener = (request) => requests.push({ url: request.url(), method: request.method(), body: request.postData() || '',
                                                referer: request.headers().referer || '', navigation: request.isNavigationRequest() });
  page.on('request', listener);
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  page.off('request', listener);
  assert.ok(!page.url().includes(token), `the token is taken out of the address bar: ${page.url()}`);
  const leaks = requests.filter((r) => {
    if (r.referer.includes(token)) return true;
    if (r.url.includes(token)) return !(r.navigation && r.method === 'GET' && r.url === url);
    return r.body.includes(token) && !(r.method === 'POST' && USES_TOKEN.test(new URL(r.url).pathname));
  });
  assert.deepEqual(leaks.map((r) => `${r.method} ${r.url} (referer ${r.referer || 'none'})`), [],
    'the token is only in the page\'s own address and the body of the POST that uses it');
  const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.href));
  assert.ok(!hrefs.some((href) => href.includes(token)), 'no link on the page carries the token');
  return requests;
}

/* The signup form, up to the "check your email" state. */
async function signUp(page, site, { name, email, password }, serious = null, where = '') {
  await page.goto(site.url + '/account.html');
  await page.fill('#name', name);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.locator('#account-form button[type="submit"]').click();
  await page.locator('#check-email').waitFor();
  assert.match(await page.locator('#check-email').innerText(), new RegExp(email.replace(/[.]/g, '\\.')));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'check-email', 'the new state takes focus');
  await axeIf(page, serious, `${where} check your email`);
}

/* The link from the newest verification message to `email`, followed: the address confirmed. */
async function confirmAddress(page, site, email, serious = null, where = '') {
  const { url } = await waitForLink(site, { to: email, page: 'verify-email.html' });
  assert.ok(url.startsWith(site.url + '/verify-email.html?token='), `the link is on the site: ${url}`);
  await followLink(page, url);
  await page.locator('#verified').waitFor();
  assert.match(await page.locator('#verified').innerText(), new RegExp(email.replace(/[.]/g, '\\.')));
  await axeIf(page, serious, `${where} address confirmed`);
  return url;
}

/* The login form; waits for the page it leads to (`next`, by default the dossier). */
async function logIn(page, site, { email, password }, next = '/dossier.html') {
  await page.goto(site.url + '/login.html?next=' + encodeURIComponent(next));
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.locator('#login-form button[type="submit"]').click();
  await page.waitForURL('**' + next);
}

/* The login form, refused: returns what the page shows (the summary or the notice). */
async function logInRefused(page, site, { email, password }) {
  await page.goto(site.url + '/login.html');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.locator('#login-form button[type="submit"]').click();
  const shown = page.locator('.error-summary, #unverified:not([hidden]), #page-status .notice').first();
  await shown.waitFor();
  return shown;
}

async function signUpConfirmAndLogIn(page, site, account, serious = null, where = '') {
  await signUp(page, site, account, serious, where);
  await confirmAddress(page, site, account.email, serious, where);
  await logIn(page, site, account);
}

module.exports = { followLink, signUp, confirmAddress, logIn, logInRefused, signUpConfirmAndLogIn };
