// A private real Guichet site for one test file (mirrors tests/integration/site.cc):
// a temp data folder, a free port, tools/site.sh start, and stop + rm afterwards.
// And Debian's chromium driven by playwright-core (the browser is never downloaded).
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = process.env.GUICHET_BIN || path.join(ROOT, 'build', 'bin');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUTPUT = path.join(ROOT, 'tests', 'output');
const SCREENSHOTS = path.join(OUTPUT, 'screenshots');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function handlerBinary(name) { return path.join(BIN, `guichet-${name}-fcgi`); }

/* The handler binaries a test needs that this build lacks (they live on other branches until merged). */
function missingHandlers(names) {
  return names.filter((name) => !fs.existsSync(handlerBinary(name)));
}

class Site {
  constructor(env = {}) {
    // A small receipt-nonce pool (the default, 50,000 per claim worker, is
    // minutes of a core's idle time at every start; a test claims a few times).
    this.env = { GUICHET_CLAIM_NONCES: '64', ...env };
    this.data = null;
    this.port = 0;
    this.url = '';
  }

  async start() {
    this.data = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-browser-'));
    this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    try {
      this.resume();
    } catch (error) {
      // site.sh may have started pools before failing (nginx -t): stop them, keep nothing.
      this.stop();
      throw error;
    }
    return this;
  }

  /* tools/site.sh start again: it starts only what is not running (a stopped pool comes back). */
  resume() {
    execFileSync(path.join(ROOT, 'tools', 'site.sh'), ['start', this.data, String(this.port)], {
      cwd: ROOT,
      env: { ...process.env, GUICHET_BIN: BIN, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  stop() {
    if (!this.data) return;
    try {
      execFileSync(path.join(ROOT, 'tools', 'site.sh'), ['stop', this.data], { cwd: ROOT, stdio: 'ignore' });
    } finally {
      if (!process.env.GUICHET_KEEP_TEST_DATA) fs.rmSync(this.data, { recursive: true, force: true });
      this.data = null;
    }
  }

  /* guichet-admin --data DIR ARGS...; returns its stdout, throws on failure. */
  admin(...args) {
    return execFileSync(path.join(BIN, 'guichet-admin'), ['--data', this.data, ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, GUICHET_MIGRATIONS: path.join(ROOT, 'db', 'migrations') },
    });
  }

  poolPid(name) {
    const file = path.join(this.data, 'run', `${name}.pid`);
    return fs.existsSync(file) ? parseInt(fs.readFileSync(file, 'utf8'), 10) : 0;
  }

  /* Stops one handler pool the way an outage would: its supervisor (and so its workers) gone. */
  async killPool(name) {
    const pid = this.poolPid(name);
    if (!pid) throw new Error(`no ${name} pool running`);
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100; i++) {
      try { process.kill(pid, 0); } catch { return; }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the ${name} pool did not stop`);
  }
}

/* env: the browser's environment beside this process's (TZ=Asia/Tokyo: a visitor in Tokyo). */
async function launchBrowser({ env = {} } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    env: { ...process.env, ...env },
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/* A fresh browser context (own cookies) in the given language cookie, or none. */
/* timezoneId: the visitor's zone for this context alone (else the browser's). */
async function newPage(browser, site, { lang = null, width = 1280, javaScriptEnabled = true, timezoneId } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 }, acceptDownloads: true, javaScriptEnabled, locale: 'fr-CA',
    ...(timezoneId ? { timezoneId } : {}),
  });
  if (lang) await context.addCookies([{ name: 'lang', value: lang, url: site.url }]);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
      page.errors.push(`csp: ${message.text()}`);
    }
  });
  return page;
}

/* Full-page screenshots at phone (390 px) and desktop (1280 px) widths. */
async function screenshots(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

module.exports = { ROOT, BIN, OUTPUT, Site, launchBrowser, newPage, screenshots, missingHandlers, handlerBinary };
