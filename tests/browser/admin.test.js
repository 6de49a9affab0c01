// The admin console runs on the site's API client (/assets/api.js) under the
// same strict CSP: a refused login shows the server's message, and a console
// page without an admin session goes back to the login page (the console's 401 rule).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Site, launchBrowser, newPage } = require('./lib/site');

let site, browser;
before(async () => {
  site = await new Site().start();
  browser = await launchBrowser();
});
after(async () => { if (browser) await browser.close(); if (site) site.stop(); });

test('a_refused_admin_login_shows_the_server_message_with_no_csp_refusal', async () => {
  const page = await newPage(browser, site);
  await page.goto(site.url + '/admin/');
  await page.fill('#user', 'nobody');
  await page.fill('#password', 'not the password');
  await page.fill('#totp', '123456');
  await page.locator('#login button[type="submit"]').click();
  await page.locator('#message:not(:empty)').waitFor();
  assert.notEqual((await page.locator('#message').innerText()).trim(), '');
  assert.equal(new URL(page.url()).pathname, '/admin/', 'a refused login stays on the login page');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the_console_without_an_admin_session_goes_back_to_the_login_page', async () => {
  const page = await newPage(browser, site);
  await page.goto(site.url + '/admin/console.html');
  await page.waitForURL(site.url + '/admin/');
  assert.equal(await page.locator('#login').isVisible(), true);
  assert.deepEqual(page.errors.filter((e) => e.startsWith('csp:')), []);
  await page.context().close();
});
