/**
 * The inspector page in a real headless browser (Debian's chromium, driven by playwright-core):
 * exchanges appear live without a reload, the detail view shows the request, the response or the
 * events with timings, the fixture and the fault; the filter and the buttons work; nothing a request
 * carries can run as script; and a screenshot shows the page as a person sees it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startEmulator, type RunningEmulator } from '../../src/index';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`The inspector test needs ${CHROMIUM} (apt-get install chromium); .ci/run installs it.`);
const describeWithBrowser = haveBrowser ? describe : describe.skip;

/** Where the screenshot is kept for people to look at (ignored by git). */
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

describeWithBrowser('inspector page', () => {
  let emulator: RunningEmulator;
  let client: OpenAI;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 'inspector', apiKey: 'sk-inspector' });
    emulator.core.addFixtures({ name: 'greeting', match: { input: 'fixture please' }, reply: { text: 'From a fixture.' } });
    client = new OpenAI({ apiKey: 'sk-inspector', baseURL: emulator.baseURL, maxRetries: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(`${emulator.url}/__emulator/?api_key=sk-inspector`);
    await page.waitForSelector('#status[data-state="live"]');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  const rows = () => page.locator('#list tbody tr:not([hidden])');
  /** Waits until the list has exactly n rows. */
  const waitForRows = async (n: number) => {
    const all = page.locator('#list tbody tr');
    if (n > 0) await all.nth(n - 1).waitFor({ state: 'attached' });
    await all.nth(n).waitFor({ state: 'detached' });
  };

  test('exchanges appear live, newest first, without a reload', async () => {
    await expect(rows().count()).resolves.toBe(0);
    await client.responses.create({ model: 'gpt-4o', input: 'Hello from the browser test' }, { headers: { 'x-test-id': 'ui-json' } });
    await client.responses.create({ model: 'gpt-4o', input: 'fixture please' });
    await client.responses.create({ model: 'gpt-4o', input: 'x' }, { headers: { 'x-emulator-fault': 'rate_limit;retry_after=0' } }).catch(() => undefined);
    const stream = await client.responses.create(
      { model: 'gpt-4o', input: 'Tell me about rivers', stream: true },
      { headers: { 'x-test-id': 'ui-stream', 'x-emulator-timing': 'ttft=100,tps=300' } },
    );
    // The stream's row is there while it is still running.
    await page.waitForSelector('#list tbody tr.open');
    for await (const _ of stream);
    await waitForRows(4);
    await page.locator('#list tbody tr.open').waitFor({ state: 'detached' });
    const texts = await rows().allInnerTexts();
    // time, method, path, model, input, test id, status, answered by, ms
    expect(texts[0]).toMatch(/POST\s+\/v1\/responses\s+gpt-4o\s+Tell me about rivers\s+ui-stream\s+200\s+synthesis/);
    expect(texts[1]).toMatch(/gpt-4o\s+x\s+429\s+fault rate_limit;retry_after=0/);
    expect(texts[2]).toMatch(/gpt-4o\s+fixture please\s+200\s+fixture greeting/);
    expect(texts[3]).toMatch(/gpt-4o\s+Hello from the browser test\s+ui-json\s+200\s+synthesis/);
  });

  test('the detail view of a stream: facts, request, and every event with its time', async () => {
    await rows().nth(0).click();
    await page.waitForSelector('#detail table.events');
    const facts = await page.locator('#detail dl.facts').innerText();
    expect(facts).toMatch(/answered by\s+synthesis/);
    expect(facts).toMatch(/test id\s+ui-stream/);
    expect(facts).toMatch(/response id\s+resp_/);
    const entry = emulator.requests({ testId: 'ui-stream' })[0];
    const eventRows = page.locator('#detail table.events tbody tr');
    await expect(eventRows.count()).resolves.toBe(entry.events.length);
    expect(await eventRows.nth(0).innerText()).toContain('response.created');
    expect(await eventRows.last().innerText()).toContain('response.completed');
    // Times are shown as recorded, and the authorization header is redacted.
    expect(await eventRows.last().locator('td.t').innerText()).toBe(String(entry.events[entry.events.length - 1].t));
    await page.locator('#detail details.headers summary').first().click();
    expect(await page.locator('#detail table.headers').first().innerText()).toMatch(/authorization\s+\[REDACTED\]/);
    // Expanding an event shows its JSON.
    await eventRows.nth(0).locator('summary').click();
    expect(await eventRows.nth(0).locator('pre').innerText()).toContain('"sequence_number": 0');
  });

  test('the detail view of a fixture’s answer names the fixture; a fault’s says which', async () => {
    await rows().nth(2).click();
    await page.locator('#detail dl.facts', { hasText: 'greeting (runtime)' }).waitFor();
    expect(await page.locator('#detail').innerText()).toContain('From a fixture.');
    await rows().nth(1).click();
    await page.locator('#detail dl.facts', { hasText: 'rate_limit;retry_after=0 (from header)' }).waitFor();
    expect(await page.locator('#detail').innerText()).toContain('rate_limit_exceeded');
  });

  test('a screenshot shows the list, the selection and the live indicator', async () => {
    await rows().nth(0).click();
    await page.waitForSelector('#detail table.events');
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'inspector.png');
    await page.screenshot({ path: file });
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([1280, 800]);
    const has = (rgb: [number, number, number], box: { x0: number; x1: number; y0: number; y1: number }) => {
      for (let y = box.y0; y < box.y1; y++) {
        for (let x = box.x0; x < box.x1; x++) {
          const i = (y * png.width + x) * 4;
          if (png.data[i] === rgb[0] && png.data[i + 1] === rgb[1] && png.data[i + 2] === rgb[2]) return true;
        }
      }
      return false;
    };
    // The selected row's highlight (#e8f0fe) is in the list pane; the "live" pill (#e6f4ea) in the header.
    expect(has([0xe8, 0xf0, 0xfe], { x0: 0, x1: 560, y0: 40, y1: 200 })).toBe(true);
    expect(has([0xe6, 0xf4, 0xea], { x0: 0, x1: 700, y0: 0, y1: 40 })).toBe(true);
    // Text was drawn in both panes (dark pixels), so the page is not blank.
    expect(has([0x1d, 0x21, 0x27], { x0: 0, x1: 560, y0: 40, y1: 400 }) || darkPixels(png, 0, 560) > 500).toBe(true);
    expect(darkPixels(png, 600, 1280)).toBeGreaterThan(500);
  });

  test('the filter narrows the list as you type', async () => {
    await page.fill('#filter', 'fixture');
    await expect(rows().count()).resolves.toBe(1);
    await page.fill('#filter', '429');
    await expect(rows().count()).resolves.toBe(1);
    await page.fill('#filter', '');
    await expect(rows().count()).resolves.toBe(4);
  });

  test('nothing a request carries runs as script: markup is shown as text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    await fetch(`${emulator.baseURL}/responses?q=${encodeURIComponent(evil)}`, { method: 'POST', headers: { authorization: 'Bearer sk-inspector', 'content-type': 'application/json', 'x-test-id': evil }, body: JSON.stringify({ model: evil, input: evil }) });
    await waitForRows(5);
    await rows().nth(0).click();
    await page.locator('#detail', { hasText: 'onerror' }).waitFor();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('#detail img, #list img').count()).toBe(0);
    expect(await page.locator('#detail').innerText()).toContain(evil);
  });

  test('Clear journal empties the list; Reset clears it too; new exchanges appear again', async () => {
    await page.click('#clear');
    await waitForRows(0);
    expect(emulator.requests()).toEqual([]);
    await client.responses.create({ model: 'gpt-4o', input: 'After clearing' });
    await waitForRows(1);
    await page.click('#reset');
    await waitForRows(0);
    expect(await page.locator('#empty').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});

describeWithBrowser('inspector page, --unknown-params warn', () => {
  let emulator: RunningEmulator;
  let browser: Browser;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 'inspector-unknown', unknownParams: 'warn' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  test('an exchange whose unknown parameters were dropped says so in the list and names them in the detail', async () => {
    const page = await browser.newPage();
    await page.goto(`${emulator.url}/__emulator/`);
    await page.waitForSelector('#status[data-state="live"]');
    const res = await fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hi', temprature: 1, text: { colour: 'red' } }) });
    expect(res.status).toBe(200);
    // The row appears when the exchange starts and is filled in when it ends: wait for the finished row
    // (a hang fails on Jest's timeout), then check it is the only one.
    const row = page.locator('#list tbody tr', { hasText: /synthesis · 2 unknown params/ });
    await row.waitFor();
    expect(await page.locator('#list tbody tr').count()).toBe(1);
    await row.click();
    const facts = page.locator('#detail dl.facts', { hasText: 'unknown parameters' });
    await facts.waitFor();
    expect(await facts.innerText()).toMatch(/unknown parameters \(ignored\)\s+(text\.colour, temprature|temprature, text\.colour)/);
  });
});

/** How many near-black pixels (text) lie between columns x0 and x1. */
function darkPixels(png: PNG, x0: number, x1: number): number {
  let n = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] < 80 && png.data[i + 1] < 80 && png.data[i + 2] < 80) n++;
    }
  }
  return n;
}
