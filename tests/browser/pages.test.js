// Every page (the states of the account pages: account_pages.test.js): no
// serious or critical axe-core violation (WCAG 2.2 AA rules),
// no script error or CSP refusal, under 100 KB with its assets; the
// information pages readable without JavaScript; home screenshots.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Site, launchBrowser, newPage, screenshots } = require('./lib/site');
const { enableAxe, seriousViolations } = require('./lib/axe');

const PAGES = ['/index.html', '/faq.html', '/account.html', '/login.html', '/dossier.html', '/documents.html',
               '/check.html', '/claim.html', '/receipt.html', '/verify.html', '/verify-email.html', '/reset-password.html'];
const LIMIT = 100 * 1024;

let site, browser;
before(async () => {
  site = await new Site().start();
  site.admin('window', 'set', '--opens-at', '+3600', '--closes-at', '+7200', '--places', '100');
  site.admin('banner', 'set', '--level', 'info', '--fr', 'Ouverture annoncée.', '--en', 'Opening announced.');
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

for (const lang of ['fr', 'en']) {
  test(`axe_finds_no_serious_or_critical_violation_on_any_page_${lang}`, async () => {
    const page = await newPage(browser, site, { lang });
    await enableAxe(page.context());
    const serious = [];
    for (const path of PAGES) {
      await page.goto(site.url + path);
      await page.waitForLoadState('networkidle');
      serious.push(...await seriousViolations(page, `${lang} ${path}`));
    }
    // The forms with their error summary showing, too.
    for (const path of ['/account.html', '/login.html', '/reset-password.html']) {
      await page.goto(site.url + path);
      await page.locator('form button[type="submit"]:visible').click();
      await page.locator('.error-summary').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true, 'the summary takes focus');
      serious.push(...await seriousViolations(page, `${lang} ${path} (errors)`));
    }
    assert.deepEqual(serious, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('every_page_with_its_assets_weighs_under_100_kb', async () => {
  const page = await newPage(browser, site, { lang: 'fr' });
  const weights = {};
  for (const path of PAGES) {
    const sizes = [];
    const listener = (response) => {
      if (response.url().startsWith(site.url)) sizes.push(response.body().then((b) => b.length, () => 0));
    };
    page.on('response', listener);
    await page.goto(site.url + path);
    await page.waitForLoadState('networkidle');
    page.off('response', listener);
    weights[path] = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  }
  console.log('# page weights (bytes, page + assets + API answers, uncompressed): ' + JSON.stringify(weights));
  for (const [path, bytes] of Object.entries(weights)) assert.ok(bytes < LIMIT, `${path} weighs ${bytes} bytes`);
  await page.context().close();
});

test('every_page_reflows_at_320_css_pixels_without_sideways_scrolling', async () => {
  // WCAG 1.4.10: 320 CSS px is a 1280 px window zoomed to 400 %, so 200 % is covered too.
  const page = await newPage(browser, site, { lang: 'fr', width: 320 });
  const wide = [];
  for (const path of PAGES) {
    await page.goto(site.url + path);
    await page.waitForLoadState('networkidle');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${path}: ${width}px`);
  }
  assert.deepEqual(wide, []);
  await page.context().close();
});

test('the_keyboard_alone_reaches_the_content_and_sends_a_form', async () => {
  const page = await newPage(browser, site, { lang: 'fr' });
  await page.goto(site.url + '/login.html');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  assert.equal(await page.evaluate(() => document.activeElement.getBoundingClientRect().left >= 0), true, 'the skip link shows when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#main');
  // From the content, Tab reaches the email field, then the password, then Enter sends.
  await page.locator('#email').focus();
  await page.keyboard.type('personne@example.org');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
  await page.keyboard.type('pas le bon mot de passe');
  await page.keyboard.press('Enter');
  // Whatever the accounts pool's state, the answer is shown and announced: a refusal
  // in the error summary (which takes focus) or the honest notice in the live region.
  await page.locator('.error-summary, #page-status .notice').first().waitFor();
  await page.context().close();
});

test('information_pages_are_readable_without_javascript', async () => {
  const page = await newPage(browser, site, { lang: 'fr', javaScriptEnabled: false });
  await page.goto(site.url + '/index.html');
  assert.equal(await page.getByRole('heading', { name: 'Comment les places sont attribuées' }).isVisible(), true);
  assert.equal(await page.getByRole('heading', { name: 'Ce qu\'il faut préparer' }).isVisible(), true);
  // (Chromium with scripts disabled by the driver still parses <noscript> as if scripting were on, so its text is not checked here.)
  assert.equal(await page.locator('.banner p[lang="fr"]').isVisible(), true);
  await page.goto(site.url + '/faq.html');
  await page.getByText('Dois-je être le plus rapide', { exact: false }).click();
  assert.equal(await page.getByText('premier arrivé, premier servi', { exact: false }).first().isVisible(), true);
  await page.context().close();
});

test('home_screenshots_phone_and_desktop', async () => {
  for (const lang of ['fr', 'en']) {
    const page = await newPage(browser, site, { lang });
    await page.goto(site.url + '/index.html');
    await page.locator('#countdown').waitFor();
    await screenshots(page, `home-${lang}`);
    await page.context().close();
  }
});
