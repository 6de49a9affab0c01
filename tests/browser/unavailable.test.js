// Honest failure: a stopped handler pool is named on the page that needs it,
// while the information pages (static, nginx alone) keep working.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Site, launchBrowser, newPage } = require('./lib/site');

let site, browser;
before(async () => {
  site = await new Site().start();
  site.admin('window', 'set', '--opens-at', '+3600', '--closes-at', '+7200', '--places', '100');
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

test('a_stopped_window_pool_is_named_on_the_claim_page_and_information_pages_still_work', async () => {
  await site.killPool('window');
  const page = await newPage(browser, site, { lang: 'fr' });
  await page.goto(site.url + '/claim.html');
  const notice = page.locator('[data-unavailable="/api/window"]');
  await notice.waitFor();
  const text = await notice.innerText();
  assert.match(text, /le calendrier d'ouverture/, 'says which function is down');
  assert.match(text, /Les autres parties du site fonctionnent/, 'says the rest works');
  assert.doesNotMatch(text, /forte affluence|strong interest/i);
  // The claim button stays off: the page cannot know the opening without the schedule.
  assert.equal(await page.getAttribute('#claim-button', 'aria-disabled'), 'true');

  for (const path of ['/index.html', '/faq.html', '/verify.html']) {
    const response = await page.goto(site.url + path);
    assert.equal(response.status(), 200, path);
    assert.ok((await page.locator('h1').innerText()).length > 5, path);
  }
  // The home page tells the same, in English too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.goto(site.url + '/index.html');
  const english = page.locator('[data-unavailable="/api/window"]');
  await english.waitFor();
  assert.match(await english.innerText(), /the opening schedule/);
  assert.match(await english.innerText(), /other parts of the site still work/);
  await page.context().close();
});

test('a_missing_handler_is_named_on_the_page_that_needs_it', async () => {
  // The dossier pool: stopped when it runs, absent when this build has none; nginx answers 503 either way.
  if (site.poolPid('dossier')) await site.killPool('dossier');
  const page = await newPage(browser, site, { lang: 'en' });
  await page.goto(site.url + '/dossier.html');
  const notice = page.locator('[data-unavailable="/api/dossier"]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /the dossier/);
  await page.context().close();
});
