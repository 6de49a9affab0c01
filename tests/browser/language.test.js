// The language switch: French by default, English by a visible switch that persists.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Site, launchBrowser, newPage } = require('./lib/site');

let site, browser;
before(async () => { site = await new Site().start(); browser = await launchBrowser(); });
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

test('french_is_the_default_without_cookie_or_accept_language', async () => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Language': 'es' } });
  const page = await context.newPage();
  await page.goto(site.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.locator('h1').innerText(), /travailleurs qualifiés/);
  await context.close();
});

test('switching_to_english_persists_across_pages_and_reloads', async () => {
  const page = await newPage(browser, site, { lang: null });
  await page.context().setExtraHTTPHeaders({ 'Accept-Language': 'fr' });
  await page.goto(site.url + '/index.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('h1').innerText(), /Skilled Worker Program/);
  assert.equal(await page.title(), 'Guichet — 2026 intake: information');
  // The switch to go back is now the visible one, and has focus.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-to')), 'fr');

  const cookie = (await page.context().cookies()).find((c) => c.name === 'lang');
  assert.equal(cookie.value, 'en');
  assert.equal(cookie.path, '/');
  assert.equal(cookie.sameSite, 'Lax');
  assert.ok(cookie.expires * 1000 - Date.now() > 360 * 86400 * 1000, 'the cookie lasts about a year');

  // Another page, served by nginx: English from the first byte (SSI reads the cookie).
  const response = await page.goto(site.url + '/faq.html');
  assert.match(await response.text(), /<html lang="en">/);
  assert.match(await page.locator('h1').innerText(), /Frequently asked questions/);
  await page.goto(site.url + '/login.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getByLabel('Email address').count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('switching_back_to_french_persists', async () => {
  const page = await newPage(browser, site, { lang: 'en' });
  await page.goto(site.url + '/faq.html');
  await page.getByRole('button', { name: 'Français' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.goto(site.url + '/index.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.locator('h1').innerText(), /travailleurs qualifiés/);
  await page.context().close();
});

test('english_visitors_get_english_from_accept_language', async () => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.8' } });
  const page = await context.newPage();
  await page.goto(site.url + '/faq.html');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await context.close();
});
