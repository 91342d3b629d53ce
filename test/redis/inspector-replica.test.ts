/**
 * Replicas sharing a Redis store each keep their own journal; the inspector (in a real headless
 * chromium, as test/e2e/inspector.test.ts) says which replica answered: in the list's "answered by"
 * column, the detail's facts, and the filter. Waits are on the page's state, never on time.
 */
import { existsSync } from 'node:fs';
import OpenAI from 'openai';
import { chromium, type Browser } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`The inspector test needs ${CHROMIUM} (apt-get install chromium); .ci/run installs it.`);
const describeWithBoth = haveBrowser ? describeWithRedis : describe.skip;

describeWithBoth('inspector of a replica', () => {
  let server: RedisServer;
  let browser: Browser;
  const replicas: RunningEmulator[] = [];

  beforeAll(async () => {
    server = await startRedis();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all(replicas.map((r) => r.close()));
    await server?.close();
  });

  test('each replica’s inspector shows the exchanges it answered, naming itself', async () => {
    for (let i = 0; i < 2; i++) replicas.push(await startEmulator({ port: 0, seed: 'inspector-replica', store: server.url(3) }));
    const [a, b] = replicas;
    const created = await new OpenAI({ apiKey: 'sk-a', baseURL: a.baseURL, maxRetries: 0 }).responses.create({ model: 'gpt-4o', input: 'Hello from A' });
    await new OpenAI({ apiKey: 'sk-b', baseURL: b.baseURL, maxRetries: 0 }).responses.retrieve(created.id);
    const names = await Promise.all(replicas.map(async (r) => ((await (await fetch(`${r.url}/__emulator/health`)).json()) as { replica: string }).replica));
    expect(new Set(names).size).toBe(2);

    const page = await browser.newPage();
    await page.goto(`${b.url}/__emulator/`);
    await page.waitForSelector('#status[data-state="live"]');
    const row = page.locator('#list tbody tr', { has: page.locator('td', { hasText: `/v1/responses/${created.id}` }) });
    await row.waitFor();
    await expect(row.locator('td[class^="by-"]').textContent()).resolves.toBe(`store @ ${names[1]}`);
    // The other replica's exchange is not in this replica's journal.
    await expect(page.locator('#list tbody tr').count()).resolves.toBe(1);
    await row.click();
    const facts = page.locator('dl.facts');
    await facts.locator('dt', { hasText: 'replica' }).waitFor();
    await expect(facts.locator('dt:text-is("replica") + dd').textContent()).resolves.toBe(names[1]);
    await page.close();
  });
});
