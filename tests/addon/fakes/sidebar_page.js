// Opens the add-on's sidebar, rendered by the HtmlService fake from the real templates, in headless
// Chromium (Debian's /usr/bin/chromium via playwright-core). google.script.run is replaced by a shim
// that calls the .gs functions in the Node vm, with Apps Script's rules: only the functions Server.gs
// lists, arguments and results passed as JSON, failures delivered as Error objects.
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startStack, ROOT } = require('./stack.js');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The function names listed at the top of addon/Server.gs, the sidebar's whole API. */
function sidebarApi() {
  const source = fs.readFileSync(path.resolve(__dirname, '../../../addon/Server.gs'), 'utf8');
  const header = source.slice(0, source.indexOf('*/'));
  return [...header.matchAll(/^ \* {3}(\w+)\(/gm)].map((m) => m[1]);
}

const SIDEBAR_URL = 'https://sidebar.rensa.test/userCodeAppPanel';

const SHIM = `
  (() => {
    const runner = (success, failure) => new Proxy({}, {
      get(_target, name) {
        if (name === 'withSuccessHandler') return (fn) => runner(fn, failure);
        if (name === 'withFailureHandler') return (fn) => runner(success, fn);
        if (name === 'withUserObject') return () => runner(success, failure);
        return (...args) => {
          window.__gasRun(String(name), JSON.stringify(args)).then((reply) => {
            const out = JSON.parse(reply);
            if (out.error !== undefined) {
              if (failure) failure(new Error(out.error));
            } else if (success) {
              success(out.value);
            }
          });
        };
      },
    });
    window.google = { script: { run: runner(null, null) } };
  })();
`;

async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
}

/**
 * A page showing the sidebar of `gas` (a loadAddon runtime) on the given view. `hooks.before(name)` (async)
 * runs before each server function, so a test can hold one while it looks at the page.
 * @return {Promise<{page: Object, calls: Array<string>}>}
 */
async function openSidebar(browser, gas, view, hooks) {
  const allowed = sidebarApi();
  const calls = [];
  const page = await browser.newPage({ viewport: { width: 300, height: 1100 } });
  page.on('pageerror', (error) => {
    calls.push(`pageerror: ${error.message}`);
  });
  await page.exposeFunction('__gasRun', async (name, argsJson) => {
    calls.push(name);
    if (!allowed.includes(name)) {
      return JSON.stringify({ error: `Script function not found: ${name}` });
    }
    // A test may hold a call here (the script "still running") to look at the page meanwhile.
    if (hooks?.before) {
      await hooks.before(name);
    }
    try {
      const value = gas.context[name](...JSON.parse(argsJson));
      return JSON.stringify({ value: value === undefined ? null : value });
    } catch (e) {
      return JSON.stringify({ error: e.message });
    }
  });
  await page.addInitScript(SHIM);
  gas.context.showSidebar(view);
  const html = gas.ui.sidebar.getContent();
  // Served from a made-up origin (as Apps Script serves sidebars from its own), so the init script runs
  // on a real navigation; every other request is refused: the sidebar must load nothing from outside.
  await page.route('**/*', (route) => {
    if (route.request().url() === SIDEBAR_URL) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    calls.push(`blocked: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(SIDEBAR_URL, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 15000 }).catch((e) => {
    throw new Error(`${e.message}\n${calls.join('\n')}`);
  });
  return { page: page, calls: calls };
}

/**
 * A gate for openSidebar's hooks: the call of server function `name` after `skip` others waits until open()
 * (the script "still running"), so a test can look at the page meanwhile; `arrived` resolves when it waits.
 */
function gate(name, skip) {
  let left = skip || 0;
  let release;
  let reached;
  const opened = new Promise((resolve) => {
    release = resolve;
  });
  const arrived = new Promise((resolve) => {
    reached = resolve;
  });
  return {
    hooks: {
      before: async (called) => {
        if (called === name && left-- === 0) {
          reached();
          await opened;
        }
      },
    },
    arrived: arrived,
    open: () => release(),
  };
}

/** Where the browser tests write their screenshots (docs/img holds copies of the ones looked at). */
const ARTIFACTS = path.join(ROOT, 'tests/artifacts');

/**
 * A browser test file's set-up: the local stack (tests/fakes/stack.py: the real API and hooks servers with
 * the Google, Sheets and Stripe fakes) and Chromium start before its first test and stop after its last.
 * `stack` is filled in once `before` ran; `open(gas, view, hooks)` is openSidebar in that Chromium;
 * `shot(page, name)` saves a full-page screenshot to tests/artifacts/<name>.
 * @param {{env: (Object<string, string>|undefined)}=} options more environment for the stack's servers
 * @return {{stack: Object, open: function(Object, string, Object=): Promise<{page: Object, calls: Array<string>}>,
 *   shot: function(Object, string): Promise<*>}}
 */
function useSidebarStack(options) {
  const test = require('node:test');
  const stack = {};
  let browser = null;
  test.before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const [started, launched] = await Promise.allSettled([startStack(options?.env), launch()]);
    if (started.status === 'fulfilled') {
      Object.assign(stack, started.value);
    }
    if (launched.status === 'fulfilled') {
      browser = launched.value;
    }
    for (const failed of [started, launched]) {
      if (failed.status === 'rejected') {
        throw failed.reason;
      }
    }
  });
  test.after(async () => {
    await Promise.all([browser ? browser.close() : null, stack.stop ? stack.stop() : null]);
  });
  return {
    stack: stack,
    open: (gas, view, hooks) => openSidebar(browser, gas, view, hooks),
    shot: (page, name) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true }),
  };
}

module.exports = { launch, openSidebar, sidebarApi, useSidebarStack, gate, ARTIFACTS, CHROMIUM };
