// The status banner: swapped with guichet-admin, it shows on the next page load,
// in the page's language only.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Site, launchBrowser, newPage } = require('./lib/site');

let site, browser;
before(async () => { site = await new Site().start(); browser = await launchBrowser(); });
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

test('no_banner_shows_nothing', async () => {
  site.admin('banner', 'clear');
  const page = await newPage(browser, site, { lang: 'fr' });
  await page.goto(site.url + '/faq.html');
  assert.equal(await page.locator('.banner').count(), 0);
  await page.context().close();
});

test('a_banner_set_with_guichet_admin_appears_on_the_next_page_load', async () => {
  site.admin('banner', 'clear');
  const page = await newPage(browser, site, { lang: 'fr' });
  await page.goto(site.url + '/index.html');
  assert.equal(await page.locator('.banner').count(), 0);

  site.admin('banner', 'set', '--level', 'warning', '--fr', 'Ouverture retardée de 30 minutes.', '--en', 'Opening delayed by 30 minutes.');
  await page.goto(site.url + '/claim.html');
  const banner = page.locator('.banner.banner-warning');
  assert.equal(await banner.getAttribute('role'), 'status');
  assert.equal(await banner.locator('p[lang="fr"]').isVisible(), true);
  assert.equal(await banner.locator('p[lang="en"]').isVisible(), false);
  assert.equal(await banner.innerText(), 'Ouverture retardée de 30 minutes.');

  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await banner.innerText(), 'Opening delayed by 30 minutes.');

  site.admin('banner', 'set', '--level', 'outage', '--fr', 'Panne : les demandes sont suspendues.', '--en', 'Outage: claims are paused.');
  await page.goto(site.url + '/faq.html');
  const outage = page.locator('.banner.banner-outage');
  assert.equal(await outage.getAttribute('role'), 'alert');
  assert.equal(await outage.innerText(), 'Outage: claims are paused.');
  await page.context().close();
});
