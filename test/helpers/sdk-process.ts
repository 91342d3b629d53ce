/**
 * Runs a snippet against the official SDK in a plain Node process. Jest runs tests in a VM context,
 * where a timeout's abort error comes from another realm and the SDK reports it as a generic
 * APIConnectionError; a user's process has no such seam, so timeout behaviour is checked here.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/**
 * `body` is the inside of an async function with `OpenAI` and `baseURL` in scope; what it returns is
 * sent back as JSON.
 */
export function runWithSdk(baseURL: string, body: string): Promise<unknown> {
  const script = `const OpenAI = require('openai').default; const baseURL = ${JSON.stringify(baseURL)};
(async () => { ${body} })().then((v) => process.stdout.write(JSON.stringify(v)), (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
  return new Promise((done, fail) => {
    execFile(process.execPath, ['-e', script], { cwd: ROOT, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`${err.message}\n${stderr}`));
      done(JSON.parse(stdout) as unknown);
    });
  });
}

/** The snippet for: one `responses.create`; it reports the response's status, or the error's class and message. */
export function createOutcome(input: string, clientOptions: object, requestOptions: object): string {
  return `const client = new OpenAI({ apiKey: 'sk-test', baseURL, ...${JSON.stringify(clientOptions)} });
  try {
    const r = await client.responses.create({ model: 'gpt-4o', input: ${JSON.stringify(input)} }, ${JSON.stringify(requestOptions)});
    return { status: r.status };
  } catch (e) {
    return { error: e.constructor.name, message: e.message };
  }`;
}
