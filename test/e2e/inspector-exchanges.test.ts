/**
 * The inspector telling exchanges apart and handing them on, in a real headless browser (Debian's
 * chromium, driven by playwright-core, as in inspector.test.ts): the list shows model, input preview
 * and test id; a running stream shows its request body and its output so far; a finished stream its
 * output text per item; "copy as fixture" and "copy as curl" put working text on the clipboard; and a
 * narrow window keeps every column reachable. Every wait is on the page's state, never on time.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { checkFixtures } from '../../src/fixtures/load';
import { createInProcessEmulator, startEmulator, type RunningEmulator } from '../../src/index';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`The inspector test needs ${CHROMIUM} (apt-get install chromium); .ci/run installs it.`);
const describeWithBrowser = haveBrowser ? describe : describe.skip;
const KEY = 'sk-inspector-exchanges';
const LONG_PROMPT = `Please summarise the following notes about rivers and their deltas, ${'with many details '.repeat(20)}the end.`;

describeWithBrowser('inspector: telling exchanges apart, copying them', () => {
  let emulator: RunningEmulator;
  let client: OpenAI;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // replaySpeed 1: a fixture's recorded event times are kept (the running-stream test relies on them).
    emulator = await startEmulator({ port: 0, seed: 'inspector-exchanges', apiKey: KEY, replaySpeed: 1 });
    client = new OpenAI({ apiKey: KEY, baseURL: emulator.baseURL, maxRetries: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: emulator.url });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(`${emulator.url}/__emulator/?api_key=${KEY}`);
    await page.waitForSelector('#status[data-state="live"]');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  beforeEach(async () => {
    emulator.reset();
    await page.locator('#list tbody tr').first().waitFor({ state: 'detached' });
  });

  const rowOf = (testId: string) => page.locator('#list tbody tr', { has: page.locator('td.test-id', { hasText: testId }) });
  /** Selects the finished row of a test id and waits for its detail (with its copy buttons ready). */
  const open = async (testId: string) => {
    const row = rowOf(testId).and(page.locator(':not(.open)'));
    await row.click();
    await page.locator('#detail dl.facts', { hasText: testId }).waitFor();
    await page.locator('#copy-curl[data-copy]').waitFor();
  };

  test('each row shows the model, the latest user text (cut short) and the test id', async () => {
    await client.responses.create({ model: 'gpt-4o-mini', input: [{ role: 'user', content: 'First question' }, { role: 'assistant', content: 'An answer' }, { role: 'user', content: LONG_PROMPT }] }, { headers: { 'x-test-id': 'list-columns' } });
    await client.responses.create({ model: 'gpt-4.1', input: 'A short one' });
    const row = rowOf('list-columns');
    await row.waitFor();
    // A row can appear before the update that fills its model and preview: wait for them, then read.
    await row.locator('td.model', { hasText: 'gpt-4o-mini' }).waitFor();
    await row.locator('td.input', { hasText: 'Please summarise' }).waitFor();
    expect(await row.locator('td.model').innerText()).toBe('gpt-4o-mini');
    const preview = await row.locator('td.input').innerText();
    expect(preview.startsWith('Please summarise the following notes about rivers')).toBe(true);
    expect(preview.endsWith('…')).toBe(true);
    expect([...preview].length).toBe(120);
    // The whole preview is the cell's tooltip; the other exchange has its own model and text, and no test id.
    expect(await row.locator('td.input').getAttribute('title')).toBe(preview);
    const other = page.locator('#list tbody tr', { has: page.locator('td.input', { hasText: 'A short one' }) });
    await other.waitFor();
    await other.locator('td.model', { hasText: 'gpt-4.1' }).waitFor();
    expect(await other.locator('td.model').innerText()).toBe('gpt-4.1');
    expect(await other.locator('td.test-id').innerText()).toBe('');
    // The filter finds exchanges by model and by input text too.
    await page.fill('#filter', 'A short');
    await expect(page.locator('#list tbody tr:not([hidden])').count()).resolves.toBe(1);
    await page.fill('#filter', 'gpt-4o-mini');
    await expect(page.locator('#list tbody tr:not([hidden])').count()).resolves.toBe(1);
    await page.fill('#filter', '');
  });

  test('a running stream shows its request body and its output so far; then its whole output', async () => {
    // A fixture whose stream sends its first text delta at once and the rest ten minutes later: the
    // exchange stays open, deterministically, until the client leaves.
    const events = await streamEvents('Rivers flow to the sea');
    const firstDelta = events.findIndex((e) => e.type === 'response.output_text.delta');
    emulator.core.addFixtures({ name: 'slow-river', match: { input: 'slow river' }, reply: { events: events.map((event, i) => ({ t: i <= firstDelta ? 0 : 600_000, event })) } });
    const leave = new AbortController();
    const res = await fetch(`${emulator.baseURL}/responses`, { method: 'POST', signal: leave.signal, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-test-id': 'running' }, body: JSON.stringify({ model: 'gpt-4o', input: 'slow river', stream: true }) });
    const running = rowOf('running').and(page.locator('.open'));
    await running.click();
    const facts = page.locator('#detail dl.facts', { hasText: 'in progress' });
    await facts.waitFor();
    // The body was there from the start, not "—" until the end.
    await page.locator('#detail pre', { hasText: '"input": "slow river"' }).first().waitFor();
    await page.locator('#detail h2', { hasText: 'Output (so far)' }).waitFor();
    expect(await page.locator('#detail .output-item[data-type="message"] pre').innerText()).toBe(String(events[firstDelta].delta));
    expect(await running.count()).toBe(1);
    leave.abort();
    await res.body?.cancel().catch(() => undefined);
    await running.waitFor({ state: 'detached' });

    // A finished stream: the deltas of each item joined, equal to what the stream said it sent.
    await client.responses.create({ model: 'gpt-4o', input: 'Tell me about rivers', stream: true }, { headers: { 'x-test-id': 'finished' } }).then(async (s) => {
      for await (const _ of s);
    });
    await open('finished');
    const done = emulator.requests({ testId: 'finished' })[0].events.map((e) => e.event as Record<string, unknown>).find((e) => e.type === 'response.output_text.done');
    await page.locator('#detail h2', { hasText: /^Output$/ }).waitFor();
    expect(await page.locator('#detail .output-item[data-type="message"] pre').innerText()).toBe(done?.text);
    expect(await page.locator('#detail .output-item .output-label').first().innerText()).toBe('#0 message');
  });

  test('"Copy as fixture" puts YAML on the clipboard that, loaded back, answers the same request the same way', async () => {
    const request = { model: 'gpt-4o', input: 'What do rivers carry to the sea?', instructions: 'Be brief.', stream: true } as const;
    const stream = await client.responses.create(request, { headers: { 'x-test-id': 'copy-fixture' } });
    let text = '';
    for await (const e of stream) if (e.type === 'response.output_text.delta') text += e.delta;
    await open('copy-fixture');
    await page.locator('#copy-fixture[data-copy]').click();
    await page.locator('#copy-note[data-state="copied"][data-kind="fixture"]').waitFor();
    const yaml = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(yaml).toBe(await page.locator('#copy-fixture').getAttribute('data-copy'));
    expect(yaml).not.toContain(KEY);
    const { fixtures, errors } = checkFixtures(parseYaml(yaml), 'copied.yaml', emulator.core.schemas);
    expect(errors).toEqual([]);
    expect(fixtures[0].match).toMatchObject({ model: 'gpt-4o', input: request.input, instructions: 'Be brief.', stream: true, headers: { 'x-test-id': 'copy-fixture' } });
    // Another emulator, seeded differently (so synthesis would say something else), answers from it.
    const replay = createInProcessEmulator({ seed: 'somewhere-else' });
    replay.core.addFixtures(parseYaml(yaml), 'copied.yaml');
    const replayClient = new OpenAI({ apiKey: 'any', baseURL: replay.baseURL, fetch: replay.fetch, maxRetries: 0 });
    let replayed = '';
    for await (const e of await replayClient.responses.create(request, { headers: { 'x-test-id': 'copy-fixture' } })) if (e.type === 'response.output_text.delta') replayed += e.delta;
    expect(replayed).toBe(text);
    expect(replay.requests()[0].answeredBy).toBe('fixture');
    await replay.close();
  });

  test('"Copy as curl" puts a runnable command on the clipboard, with the key as a placeholder', async () => {
    const res = await client.responses.create({ model: 'gpt-4o', input: "It's a river's mouth: $HOME `id`" }, { headers: { 'x-test-id': 'copy-curl' } });
    await open('copy-curl');
    await page.locator('#copy-curl').click();
    await page.locator('#copy-note[data-state="copied"][data-kind="curl"]').waitFor();
    const command = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(command).not.toContain(KEY);
    expect(command).toContain('Authorization: Bearer $OPENAI_API_KEY');
    expect(command).toContain("-H 'x-test-id: copy-curl'");
    // Run by a shell with the key in the environment, it gets the same answer.
    const { stdout } = await promisify(execFile)('sh', ['-c', command], { env: { ...process.env, OPENAI_API_KEY: KEY } });
    expect((JSON.parse(stdout) as { output: { content: { text: string }[] }[] }).output[0].content[0].text).toBe(res.output_text);
    expect(emulator.requests({ testId: 'copy-curl' })).toHaveLength(2);
    expect(pageErrors).toEqual([]);
  });

  test('a narrow window keeps every column of the list reachable, and the detail and its buttons too', async () => {
    await client.responses.create({ model: 'gpt-4o', input: 'Narrow window' }, { headers: { 'x-test-id': 'narrow' } });
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 480, height: 800 });
    await narrow.goto(`${emulator.url}/__emulator/?api_key=${KEY}`);
    const row = narrow.locator('#list tbody tr', { hasText: 'narrow' });
    await row.waitFor();
    // The page itself is no wider than the window: the list scrolls sideways inside its pane.
    expect(await narrow.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(480);
    // (Expressions as strings: the tests are type-checked without the DOM library.)
    const pane = await narrow.evaluate<{ scrollWidth: number; clientWidth: number; overflowX: string }>(
      `(() => { const p = document.getElementById('list-pane'); return { scrollWidth: p.scrollWidth, clientWidth: p.clientWidth, overflowX: getComputedStyle(p).overflowX }; })()`,
    );
    expect(pane.scrollWidth).toBeGreaterThan(pane.clientWidth);
    expect(['auto', 'scroll']).toContain(pane.overflowX);
    const headers = narrow.locator('#list thead th');
    expect(await headers.allInnerTexts()).toEqual(['time', 'method', 'path', 'model', 'input', 'test id', 'status', 'answered by', 'ms']);
    for (let i = 0; i < (await headers.count()); i++) {
      const th = headers.nth(i);
      await th.scrollIntoViewIfNeeded();
      const box = await th.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(481); // sub-pixel layout
      // Not squeezed: the header's text is whole.
      expect(await th.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);
    }
    // The detail is below the list, full width, with its copy buttons inside the window.
    await row.click();
    await narrow.locator('#copy-curl[data-copy]').waitFor();
    for (const id of ['#copy-fixture', '#copy-curl']) {
      const box = await narrow.locator(id).boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(481);
    }
    expect(await narrow.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(480);
    await narrow.close();
  });

  /** The events of a synthesized stream answering `text` (from another emulator), to build a fixture from. */
  async function streamEvents(text: string): Promise<Record<string, unknown>[]> {
    const source = createInProcessEmulator({ seed: 'events' });
    source.core.addFixtures({ match: { input: 'x' }, reply: { text } });
    const res = await source.fetch(`${source.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'x', stream: true }) });
    await res.text();
    const events = source.requests()[0].events.map((e) => e.event as Record<string, unknown>);
    await source.close();
    return events;
  }
});
