import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { chromium, type Browser, type Page } from 'playwright-core';
import puppeteer, { type Browser as FirefoxBrowser, type Page as FirefoxPage } from 'puppeteer-core';
import type { BackendsView, ConsoleKeyList, Overview, RouteList } from '@switchyard/contracts';
import { startFakeOpenAI, testModelsDir, waitFor, workspaceRoot, type FakeUpstream } from '@switchyard/testing';
import { readFeed, type FeedReader } from './console-feed-reader';
import { startStack, type Stack } from './stack';

const ADMIN = 'console-e2e-admin-0123456789abcdef';
const CLOUD_KEY = 'sk-test-console-cloud-0123456789';
const LOCAL = 'local:stories260k';
const CLOUD = 'openai:gpt-4o-mini';
/** Debian's Chromium (`apt-get install chromium`), or the one `SWITCHYARD_CHROMIUM` names. */
const CHROMIUM = process.env['SWITCHYARD_CHROMIUM'] ?? '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps calling hosts a closed network refuses. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Debian's Firefox ESR (`apt-get install firefox-esr`), or the one `SWITCHYARD_FIREFOX` names. */
const FIREFOX = process.env['SWITCHYARD_FIREFOX'] ?? '/usr/bin/firefox-esr';
/** Where the screenshots of each page are kept (tmp/ is not committed). */
const SHOTS = join(workspaceRoot(), 'tmp', 'e2e-artifacts', 'console');

describe('the console, against the stack with a local model and a fake cloud', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let base: string;

  const admin = (extra: Record<string, string> = {}): Record<string, string> => ({ authorization: `Bearer ${ADMIN}`, ...extra });
  async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const json: Record<string, string> = init.body === undefined ? {} : { 'content-type': 'application/json' };
    const response = await fetch(`${base}/console/api${path}`, { ...init, headers: admin(json) });
    return { status: response.status, body: (await response.json()) as T };
  }

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: CLOUD_KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      // Its own NATS: the feed and the routes list see this stack's requests only.
      privateNats: true,
      extraEnv: { E2E_CLOUD_KEY: CLOUD_KEY },
      serviceEnv: { gateway: { SWITCHYARD_GATEWAY__ADMIN_TOKEN: ADMIN } },
      cloudProviders: [{ name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_CLOUD_KEY', models: ['gpt-4o-mini'] }],
      expectModels: [LOCAL, CLOUD],
    });
    base = stack.gateway.url;
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
  });

  describe('its API', () => {
    it.each<[string, Record<string, string>, number, string]>([
      ['no token', {}, 401, "You didn't provide an admin token"],
      ['a wrong token', { authorization: `Bearer ${ADMIN}x` }, 401, 'Incorrect admin token provided.'],
      ['an API key header', { 'x-api-key': ADMIN }, 401, "You didn't provide an admin token"],
    ])('refuses %s with an OpenAI-shaped 401', async (_name, headers, status, message) => {
      for (const path of ['session', 'backends', 'routes', 'overview', 'usage', 'keys', 'feed']) {
        const response = await fetch(`${base}/console/api/${path}`, { headers });
        expect(response.status).toBe(status);
        const body = (await response.json()) as { error: { message: string; code: string } };
        expect(body.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringContaining(message) });
      }
    });

    it('answers the session for the right token', async () => {
      const { status, body } = await api<{ object: string; keysEnabled: boolean; apiBase: string }>('/session');
      expect(status).toBe(200);
      expect(body).toMatchObject({ object: 'console.session', keysEnabled: false, apiBase: '/v1' });
    });

    it('lists both workers as a router sees them, with circuits and models', async () => {
      const { status, body } = await api<BackendsView>('/backends');
      expect(status).toBe(200);
      expect(body.object).toBe('console.backends');
      const kinds = body.workers.map((w) => `${w.heartbeat.kind}:${w.heartbeat.provider}:${w.heartbeat.models.map((m) => m.name).join(',')}`);
      expect(kinds).toEqual(expect.arrayContaining([expect.stringMatching(/^local:local:.*stories260k/), 'cloud:openai:gpt-4o-mini']));
      for (const worker of body.workers) expect(worker.circuit).toBe('closed');
    });

    it('takes the admin token as a key on /v1, and the feed carries the request and heartbeats', async () => {
      const feed: FeedReader = await readFeed(`${base}/console/api/feed`, ADMIN);
      try {
        await feed.next((e) => e.event === 'worker', 3_000);
        const client = new OpenAI({ baseURL: stack.baseURL, apiKey: ADMIN, maxRetries: 0 });
        const completion = await client.chat.completions.create({ model: CLOUD, messages: [{ role: 'user', content: 'feed me' }] });
        expect(completion.choices[0].message.content).toContain('feed me');
        const route = await feed.next((e) => e.event === 'route' && (e.data as { requestedModel?: string }).requestedModel === CLOUD, 5_000);
        expect(route.data).toMatchObject({ keyId: 'admin', keyName: null, backend: CLOUD, status: 200, route: { selected: CLOUD } });
      } finally {
        feed.close();
      }
      const routes = await api<RouteList>('/routes?limit=5');
      expect(routes.body.data[0]).toMatchObject({ requestedModel: CLOUD, backend: CLOUD, keyId: 'admin' });
      const overview = await api<Overview>('/overview');
      expect(overview.body.buckets).toHaveLength(overview.body.windowMs / overview.body.bucketMs);
      expect(overview.body.buckets.reduce((sum, b) => sum + b.requests, 0)).toBeGreaterThanOrEqual(1);
    });

    it('refuses bad input with 400 and unknown keys with 404', async () => {
      expect((await api('/routes?limit=0')).status).toBe(400);
      expect((await api('/usage?from=2026-01-01&bogus=1')).status).toBe(400);
      const badName = await api<{ error: { message: string } }>('/keys', { method: 'POST', body: JSON.stringify({ name: 'has space' }) });
      expect(badName.status).toBe(400);
      expect(badName.body.error.message).toMatch(/name/);
      const badLimits = await api<{ error: { param: string } }>('/keys', { method: 'POST', body: JSON.stringify({ name: 'ok', limits: { rpm: -1 } }) });
      expect(badLimits).toMatchObject({ status: 400, body: { error: { param: 'limits.rpm' } } });
      expect((await api('/keys', { method: 'POST', body: JSON.stringify({ name: 'ok', extra: true }) })).status).toBe(400);
      expect((await api('/keys/nobody', { method: 'DELETE' })).status).toBe(404);
    });
  });

  /**
   * Firefox through WebDriver BiDi with puppeteer-core: playwright-core drives a stock Firefox only through BiDi
   * commands Firefox ESR does not have yet (it fails on `emulation.setMediaFeaturesOverride`).
   */
  describe('in a headless Firefox', () => {
    let browser: FirefoxBrowser;
    let page: FirefoxPage;
    const errors: string[] = [];
    const text = async (testId: string): Promise<string> => (await page.$eval(`[data-testid="${testId}"]`, (e) => e.textContent)) ?? '';

    beforeAll(async () => {
      browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
      page = await browser.newPage();
      await page.setViewport({ width: 1366, height: 768 });
      page.on('pageerror', (error) => errors.push(`uncaught: ${String(error)}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('signs in and shows every page, a streamed playground answer, and both themes, without errors', async () => {
      await page.goto(`${base}/console`);
      await page.type('[data-testid="token-input"]', ADMIN);
      await page.click('[data-testid="token-submit"]');
      await page.waitForSelector('[data-testid="nav-overview"]');
      await page.waitForSelector('canvas');
      await page.screenshot({ path: join(SHOTS, 'firefox-overview.png') });

      await page.click('[data-testid="nav-backends"]');
      const local = `[data-testid="worker-${stack.workerLocal.env['SWITCHYARD_WORKER_LOCAL__ID'] ?? ''}"][data-state="up"]`;
      await page.waitForSelector(local, { timeout: 5_000 });
      expect(await page.$$eval('[data-testid^="worker-"][data-state="up"]', (cards) => cards.length)).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: join(SHOTS, 'firefox-backends.png') });

      await page.click('[data-testid="nav-playground"]');
      await page.waitForSelector('[data-testid="pg-model"] option[value="auto"]');
      await page.select('[data-testid="pg-model"]', 'auto');
      // Select what the field holds, so that typing replaces it.
      await page.click('[data-testid="pg-max-tokens"]', { count: 3 });
      await page.type('[data-testid="pg-max-tokens"]', '12');
      await page.type('[data-testid="pg-prompt"]', 'Once upon a time');
      await page.click('[data-testid="pg-send"]');
      await waitFor(async () => (await text('pg-status')).startsWith('done'), 10_000, 'the answer to end in Firefox').catch(async (error: unknown) => {
        await page.screenshot({ path: join(SHOTS, 'firefox-playground-failed.png') });
        throw error;
      });
      expect(await text('pg-route')).toMatch(/^selected=local:/);
      expect((await text('pg-output')).trim().length).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'firefox-playground.png') });

      await page.click('[data-testid="nav-routes"]');
      await page.waitForSelector('[data-testid="route-row"][data-model="auto"]', { timeout: 5_000 });
      for (const nav of ['usage', 'keys']) {
        await page.click(`[data-testid="nav-${nav}"]`);
        await page.waitForSelector(`[data-testid="${nav === 'usage' ? 'usage-table' : 'key-create'}"]`, { timeout: 5_000 });
      }
      const background = (): Promise<string> => page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
      const before = await background();
      await page.click('[data-testid="theme-toggle"]');
      await waitFor(async () => (await background()) !== before, 2_000, 'the theme to change in Firefox');
      await page.click('[data-testid="theme-toggle"]');
      expect(errors).toEqual([]);
    }, 60_000);
  });

  describe('in a headless Chromium', () => {
    let browser: Browser;
    let page: Page;
    /** What the page printed as errors (and uncaught exceptions), apart from the refused sign-in the test provokes. */
    const errors: string[] = [];

    async function shot(name: string): Promise<void> {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }

    async function open(nav: string): Promise<void> {
      await page.getByTestId(`nav-${nav}`).click();
    }

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 401/.test(message.text())) errors.push(message.text());
      });
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('asks for the admin token, refuses a wrong one, and opens on the right one', async () => {
      await page.goto(`${base}/console`);
      await page.getByTestId('token-input').fill('not-the-token-at-all');
      await page.getByTestId('token-submit').click();
      await expectText(page, 'error', 'Incorrect admin token');
      await shot('sign-in');
      await page.getByTestId('token-input').fill(ADMIN);
      await page.getByTestId('token-submit').click();
      await page.getByTestId('nav-overview').waitFor();
      await open('overview');
      await page.locator('canvas').first().waitFor();
      await shot('overview');
    });

    it('shows both backends up, with their models', async () => {
      await open('backends');
      const local = page.getByTestId(`worker-${stack.workerLocal.env['SWITCHYARD_WORKER_LOCAL__ID'] ?? ''}`);
      await expect_(async () => (await local.getAttribute('data-state')) === 'up', 'the local worker to show up');
      await expect_(async () => (await local.textContent())?.includes(LOCAL) === true, 'the local model to be listed');
      const cloudId = (await api<BackendsView>('/backends')).body.workers.find((w) => w.heartbeat.kind === 'cloud')?.heartbeat.workerId ?? '';
      const cloud = page.getByTestId(`worker-${cloudId}`);
      await expect_(async () => (await cloud.getAttribute('data-state')) === 'up', 'the cloud worker to show up');
      await shot('backends');
    });

    it('runs a playground request and shows it on live routes with its backend', async () => {
      await open('playground');
      await page.getByTestId('pg-model').selectOption('auto');
      await page.getByTestId('pg-max-tokens').fill('16');
      await page.getByTestId('pg-prompt').fill('Once upon a time');
      await page.getByTestId('pg-send').click();
      // Edge-first: one of the local models answers (which one is the router's choice).
      await expect_(async () => /selected=local:/.test((await page.getByTestId('pg-route').textContent()) ?? ''), 'the route of the answer');
      const selected = /selected=(\S+);/.exec((await page.getByTestId('pg-route').textContent()) ?? '')?.[1] ?? '';
      await expect_(async () => ((await page.getByTestId('pg-status').textContent()) ?? '').startsWith('done'), 'the answer to end');
      expect(((await page.getByTestId('pg-output').textContent()) ?? '').trim().length).toBeGreaterThan(0);
      expect(await page.getByTestId('pg-model-label').textContent()).toBe(`auto (selected: ${selected})`);
      expect(await page.getByTestId('pg-ttft').textContent()).toMatch(/\d ms$/);
      await shot('playground');
      await open('routes');
      const row = page.locator(`[data-testid="route-row"][data-backend="${selected}"][data-model="auto"][data-key="admin"]`).first();
      await row.waitFor({ timeout: 5_000 });
      await row.click();
      await expectText(page, 'route-detail', 'edge-first');
      await shot('routes');
    });

    it('creates a key shown once, whose use shows on the usage page, and revokes it', async () => {
      await open('keys');
      await page.getByTestId('key-name').fill('console-user');
      await page.getByTestId('key-rpm').fill('100');
      await page.getByTestId('key-create').click();
      const key = ((await page.getByTestId('created-key').textContent()) ?? '').trim().match(/sk-sy-\S+/)?.[0] ?? '';
      expect(key).toMatch(/^sk-sy-/);
      await page.getByTestId('key-row-console-user').waitFor();
      await shot('keys');
      const client = new OpenAI({ baseURL: stack.baseURL, apiKey: key, maxRetries: 0 });
      await waitFor(async () => (await client.models.list().then(() => true, () => false)), 2_000, 'the gateway to know the key');
      const answer = await client.chat.completions.create({ model: LOCAL, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 });
      expect(answer.choices).toHaveLength(1);

      const { body: keys } = await api<ConsoleKeyList>('/keys');
      const id = keys.data.find((k) => k.name === 'console-user')?.id ?? '';
      await open('usage');
      await expect_(async () => {
        await page.getByTestId('usage-key').selectOption(id);
        return ((await page.getByTestId('usage-table').textContent()) ?? '').includes(LOCAL);
      }, 'the key’s usage to be counted');
      await shot('usage');

      await open('keys');
      await page.getByTestId('revoke-console-user').click();
      await page.getByTestId('confirm-revoke-console-user').click();
      await waitFor(async () => (await client.models.list().then(() => false, (error: unknown) => (error as { status?: number }).status === 401)), 3_000, 'the revoked key to be refused');
      const revoked = await client.chat.completions.create({ model: LOCAL, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
      expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);
    });

    it('has a light and a dark theme', async () => {
      await open('overview');
      // A string, evaluated in the page: this file is compiled without the DOM's types.
      const background = async (): Promise<string> => String(await page.evaluate('getComputedStyle(document.body).backgroundColor'));
      const before = await background();
      await page.getByTestId('theme-toggle').click();
      await expect_(async () => (await background()) !== before, 'the theme to change');
      await shot('overview-other-theme');
      await page.getByTestId('theme-toggle').click();
    });

    it('shows a killed worker-local as down within 5 s', async () => {
      await open('backends');
      const local = page.getByTestId(`worker-${stack.workerLocal.env['SWITCHYARD_WORKER_LOCAL__ID'] ?? ''}`);
      expect(await local.getAttribute('data-state')).toBe('up');
      await stack.kill(stack.workerLocal);
      const killedAt = Date.now();
      await waitFor(async () => (await local.getAttribute('data-state')) === 'down', 5_000, 'the killed worker to show as down');
      expect(Date.now() - killedAt).toBeLessThan(5_000);
      await shot('backends-worker-down');
    });

    it('printed no errors in the browser console', () => {
      expect(errors).toEqual([]);
    });
  });
});

/** Waits (up to 5 s) until `check` holds. */
function expect_(check: () => Promise<boolean>, what: string): Promise<void> {
  return waitFor(check, 5_000, what);
}

/** Waits until the element with `testId` contains `text`. */
function expectText(page: Page, testId: string, text: string): Promise<void> {
  return waitFor(async () => ((await page.getByTestId(testId).first().textContent()) ?? '').includes(text), 5_000, `"${text}" in ${testId}`);
}
