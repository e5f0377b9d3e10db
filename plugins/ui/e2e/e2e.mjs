#!/usr/bin/env node
// Browser end-to-end test of the Muster web UI against a running agent, in headless Debian Chromium.
//
//   node e2e.mjs http://127.0.0.71:8500
//
// Loads every page, registers a service and fails its TTL check through the HTTP API and watches the open
// page follow without a reload, creates/edits/deletes a KV entry through the UI, saves a screenshot of each
// page, and reports how long the services page takes to become usable with 5,000 services (reported, never
// asserted). Exit code 0 only when every step passed.
//
// Environment: MUSTER_E2E_SCREENSHOTS (default <repo>/it/target/ui-screenshots), MUSTER_E2E_SERVICES (how
// many services the load step registers, default 5000; 0 skips it), CHROMIUM (default /usr/bin/chromium).

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const base = (process.argv[2] ?? '').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]+$/.test(base)) {
  console.error('usage: node e2e.mjs http://ADDRESS:PORT   (the agent whose HTTP API serves /ui/ and /v1/)');
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`e2e: no Chromium at ${chromiumPath}: install Debian's browser with \`apt-get install -y chromium\` (or set CHROMIUM)`);
  process.exit(2);
}
const shotDir = resolve(process.env.MUSTER_E2E_SCREENSHOTS ?? join(here, '../../../it/target/ui-screenshots'));
const bulkCount = Number(process.env.MUSTER_E2E_SERVICES ?? 5000);
mkdirSync(shotDir, { recursive: true });

const SERVICE = 'e2e-web';
const INSTANCE = 'e2e-web-1';
const TTL_CHECK = 'e2e-web-ttl';
const STEP_TIMEOUT_MS = 20_000;

// ---- HTTP API -------------------------------------------------------------------------------------------

async function api(method, path, body) {
  const response = await fetch(base + path, {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok && !(method === 'GET' && response.status === 404)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.trim()}`);
  }
  return { status: response.status, text, json: () => JSON.parse(text) };
}

async function until(what, probe, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- step runner ----------------------------------------------------------------------------------------

const results = { passed: 0, failed: 0 };
const screenshots = [];
let page;

async function step(name, body) {
  const started = performance.now();
  try {
    await body();
    results.passed++;
    console.log(`ok     ${name} (${Math.round(performance.now() - started)} ms)`);
  } catch (error) {
    results.failed++;
    console.log(`FAILED ${name}: ${error.stack ?? error}`);
    if (page && !page.isClosed()) {
      const file = join(shotDir, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true }).then(
        () => console.log(`       page at failure: ${file}`),
        (shotError) => console.log(`       (no failure screenshot: ${shotError.message})`),
      );
    }
  }
}

async function shoot(name) {
  const file = join(shotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  screenshots.push(file);
}

const byTestId = (id) => page.locator(`[data-testid="${id}"]`);

/** Puts a marker in the page's JavaScript realm: it survives hash navigation and dies with a reload. */
async function markPage() {
  await page.evaluate(() => {
    window.__musterE2e = 'no reload';
  });
}
async function assertNotReloaded() {
  const marker = await page.evaluate(() => window.__musterE2e);
  if (marker !== 'no reload') throw new Error('the page was reloaded (the marker set before is gone)');
}

// ---- the run --------------------------------------------------------------------------------------------

const profile = mkdtempSync(join(tmpdir(), 'muster-e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 800 },
});
const pageErrors = [];
function watch(p) {
  p.setDefaultTimeout(STEP_TIMEOUT_MS);
  p.on('pageerror', (error) => pageErrors.push(error.stack ?? String(error)));
  // Failed requests are logged with their address (a 404 for a key being created is expected).
  p.on('response', (response) => {
    if (response.status() >= 400) console.log(`       ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  p.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) console.log(`       browser console error: ${message.text()}`);
  });
}

try {
  page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  const self = (await api('GET', '/v1/agent/self')).json();
  const nodeName = self.Config.NodeName;

  // Leftovers of an earlier run against the same agent would make the "appears" steps pass vacuously.
  await api('PUT', `/v1/agent/service/deregister/${INSTANCE}`).catch(() => undefined);
  await api('DELETE', '/v1/kv/e2e/?recurse');
  await until('the e2e service to leave the catalog', async () => !(SERVICE in (await api('GET', '/v1/catalog/services')).json()));

  await step('overview page shows the leader, plugins and members', async () => {
    await page.goto(`${base}/ui/#/overview`);
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid="leader"]')?.textContent ?? '';
      return text !== '' && text !== '…';
    });
    await byTestId('plugin').first().waitFor();
    await byTestId('member').first().waitFor();
    await byTestId('health-glance-large').waitFor();
    await shoot('overview');
  });

  await step('a service registered through the API appears on the open services page without reload', async () => {
    await page.locator('[data-testid="nav-services"]').click();
    await byTestId('service-list-item').first().waitFor();
    // The list renders only the rows in view: narrow it so the new row is in view however many exist.
    await byTestId('service-search').fill(SERVICE);
    await markPage();
    await api('PUT', '/v1/agent/service/register', {
      ID: INSTANCE,
      Name: SERVICE,
      Port: 8080,
      Address: '127.0.0.71',
      Tags: ['e2e', 'http'],
      Meta: { owner: 'e2e', version: '1.2.3' },
      Check: { CheckID: TTL_CHECK, Name: 'e2e heartbeat', TTL: '10m', Status: 'passing', Notes: 'The e2e script beats for it.' },
    });
    const row = byTestId('service-list-item').filter({ has: page.locator('[data-testid="service-link"]', { hasText: SERVICE }) });
    await row.locator('[data-testid="status"][data-status="passing"]').waitFor();
    await page.waitForFunction(() => /^1 of \d+ services$/.test(document.querySelector('[data-testid="service-count"]')?.textContent?.trim() ?? ''));
    await assertNotReloaded();
    await shoot('services-search');
    await byTestId('service-search').fill('');
    await page.waitForFunction(() => !/^1 of /.test(document.querySelector('[data-testid="service-count"]')?.textContent?.trim() ?? ''));
    await shoot('services');
    await byTestId('service-search').fill(SERVICE);
  });

  const instance = () => page.locator(`[data-testid="instance"][data-instance-id="${INSTANCE}"]`);
  await step("a service's instances page shows the instance, its address, tags and passing check", async () => {
    await page.locator('[data-testid="service-link"]', { hasText: SERVICE }).click();
    await instance().locator('h2 [data-testid="status"][data-status="passing"]').waitFor();
    const address = (await instance().locator('[data-testid="instance-address"]').textContent())?.trim();
    if (address !== '127.0.0.71:8080') throw new Error(`instance address shows "${address}", expected 127.0.0.71:8080`);
    await instance().locator(`[data-check-id="${TTL_CHECK}"] [data-status="passing"]`).waitFor();
    await assertNotReloaded();
    await shoot('service-instances');
  });

  await step('failing the TTL check (PUT /v1/agent/check/fail) turns the open instance critical', async () => {
    await api('PUT', `/v1/agent/check/fail/${TTL_CHECK}?note=${encodeURIComponent('failed by the e2e script')}`);
    await instance().locator(`[data-check-id="${TTL_CHECK}"] [data-status="critical"]`).waitFor();
    await instance().locator('h2 [data-testid="status"][data-status="critical"]').waitFor();
    await assertNotReloaded();
    await shoot('service-instances-critical');
  });

  await step('the services list and health glance show the critical service', async () => {
    await page.locator('[data-testid="nav-services"]').click();
    await byTestId('service-search').fill('');
    await byTestId('service-health-filter').selectOption('critical');
    const row = byTestId('service-list-item').filter({ has: page.locator('[data-testid="service-link"]', { hasText: SERVICE }) });
    await row.locator('[data-testid="status"][data-status="critical"]').waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="count-critical"]')?.textContent) >= 1);
    await assertNotReloaded();
    await shoot('services-critical');
    await byTestId('service-health-filter').selectOption('all');
  });

  await step('nodes page lists the agent node', async () => {
    await page.locator('[data-testid="nav-nodes"]').click();
    await byTestId('node-list-item').first().waitFor();
    await byTestId('node-search').fill(nodeName);
    await page.locator('[data-testid="node-link"]', { hasText: nodeName }).waitFor();
    await shoot('nodes');
  });

  await step("a node's page shows its services and checks", async () => {
    await page.locator('[data-testid="node-link"]', { hasText: nodeName }).click();
    await byTestId('node-facts').waitFor();
    await byTestId('node-service').filter({ hasText: INSTANCE }).waitFor();
    await page.locator(`[data-testid="node-checks"] [data-check-id="${TTL_CHECK}"]`).waitFor();
    await assertNotReloaded();
    await shoot('node');
  });

  await api('PUT', '/v1/kv/e2e/config/database', { host: 'db.internal', port: 5432, pool: { min: 2, max: 16 } });
  await api('PUT', '/v1/kv/e2e/readme', 'Keys written by the Muster UI e2e test.');

  await step('KV root and folder pages list folders and keys', async () => {
    await page.locator('[data-testid="nav-kv-folder"]').click();
    await page.locator('[data-testid="kv-folder-link"]', { hasText: 'e2e/' }).click();
    await page.locator('[data-testid="kv-folder-link"]', { hasText: 'config/' }).waitFor();
    await page.locator('[data-testid="kv-key-link"]', { hasText: 'readme' }).waitFor();
    await shoot('kv-folder');
  });

  await step('KV: a JSON value opens in JSON mode', async () => {
    await page.goto(`${base}/ui/#/kv/e2e/config/database`);
    await page.locator('[data-testid="kv-mode-json"]:checked').waitFor({ state: 'attached' });
    const value = await byTestId('kv-value').inputValue();
    if (!value.includes('db.internal')) throw new Error(`editor shows "${value}"`);
    await shoot('kv-key-json');
  });

  const greeting = async () => {
    const r = await api('GET', '/v1/kv/e2e/greeting?raw');
    return r.status === 404 ? null : r.text;
  };
  await step('KV: create a key through the UI', async () => {
    await page.goto(`${base}/ui/#/kv/e2e/`);
    await markPage();
    await byTestId('kv-new-name').fill('greeting');
    await byTestId('kv-create').click();
    await byTestId('kv-creating').waitFor();
    await byTestId('kv-value').fill('hello from the browser');
    await byTestId('kv-save').click();
    await until('the key to be stored', async () => (await greeting()) === 'hello from the browser');
    await byTestId('kv-meta').waitFor();
    await byTestId('kv-message').filter({ hasText: 'Saved.' }).waitFor();
    await assertNotReloaded();
    await shoot('kv-key');
  });

  await step('KV: edit the key through the UI', async () => {
    await byTestId('kv-value').fill('hello again');
    await byTestId('kv-save').click();
    await until('the edit to be stored', async () => (await greeting()) === 'hello again');
    // Saved and re-read: nothing left to save.
    await page.locator('[data-testid="kv-save"]:disabled').waitFor();
  });

  await step('KV: delete the key through the UI', async () => {
    page.once('dialog', (dialog) => dialog.accept());
    await byTestId('kv-delete').click();
    await until('the key to be gone', async () => (await greeting()) === null);
    await page.waitForFunction(() => location.hash === '#/kv/e2e/');
    await page.locator('[data-testid="kv-key-link"]', { hasText: 'readme' }).waitFor();
    if ((await page.locator('[data-testid="kv-key-link"]', { hasText: 'greeting' }).count()) !== 0) {
      throw new Error('the deleted key is still listed');
    }
    await assertNotReloaded();
  });

  if (bulkCount > 0) {
    await step(`services page with ${bulkCount} services (timing reported, not asserted)`, async () => {
      const registered = await registerBulk(bulkCount);
      console.log(`       registered ${registered.count} services through /v1/catalog/register in ${registered.ms} ms`);
      const fresh = await context.newPage();
      watch(fresh);
      await page.close();
      page = fresh;
      const started = performance.now();
      await page.goto(`${base}/ui/#/services`);
      await page.waitForFunction((n) => {
        const m = /^(\d+) of (\d+) services$/.exec(document.querySelector('[data-testid="service-count"]')?.textContent?.trim() ?? '');
        return m !== null && Number(m[2]) >= n && document.querySelector('[data-testid="service-list-item"]') !== null;
      }, bulkCount, { timeout: 60_000 });
      const listed = performance.now() - started;
      // Interactive: the search answers and the keyboard reaches the last row.
      const typed = performance.now();
      await byTestId('service-search').fill(bulkName(bulkCount - 1));
      await page.waitForFunction(() => document.querySelector('[data-testid="service-count"]')?.textContent?.trim().startsWith('1 of '));
      const filtered = performance.now() - typed;
      await byTestId('service-search').fill('');
      await byTestId('service-list-scroll').focus();
      await page.keyboard.press('End');
      await page.locator('[data-testid="service-list-item"].active').filter({ hasText: 'e2e-web' }).waitFor();
      console.log(
        `       services page with ${bulkCount} services: list interactive ${Math.round(listed)} ms after navigation; ` +
          `search answered in ${Math.round(filtered)} ms; DOM rows rendered: ${await byTestId('service-list-item').count()}`,
      );
      await byTestId('service-list-scroll').evaluate((el) => el.scrollTo(0, 0));
      await shoot(`services-${bulkCount}`);
      await page.locator('[data-testid="nav-nodes"]').click();
      await page.locator('[data-testid="node-link"]', { hasText: 'bulk-node-00' }).waitFor();
      await shoot(`nodes-${bulkCount}`);
    });
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

function bulkName(i) {
  return `bulk-${String(i).padStart(5, '0')}`;
}

/** Registers services bulk-00000.. on 50 synthetic nodes, 8 requests in flight, skipping ones present. */
async function registerBulk(count) {
  const started = performance.now();
  const present = (await api('GET', '/v1/catalog/services')).json();
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const name = bulkName(i);
      if (name in present) continue;
      const node = `bulk-node-${String(i % 50).padStart(2, '0')}`;
      await api('PUT', '/v1/catalog/register', {
        Node: node,
        // Catalog data only: nothing ever connects to these addresses.
        Address: `127.0.1.${(i % 50) + 1}`,
        Service: { ID: name, Service: name, Port: 8000 + (i % 1000), Tags: i % 3 === 0 ? ['bulk', 'v2'] : ['bulk'] },
        Check: {
          CheckID: `service:${name}`,
          Name: `${name} health`,
          ServiceID: name,
          Status: i % 97 === 0 ? 'critical' : i % 41 === 0 ? 'warning' : 'passing',
        },
      });
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  return { count, ms: Math.round(performance.now() - started) };
}

if (pageErrors.length) {
  results.failed++;
  console.log(`FAILED uncaught errors in the page:\n${pageErrors.join('\n')}`);
}
console.log('screenshots:');
for (const file of screenshots) console.log(`  ${file}`);
console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
