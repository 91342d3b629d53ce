'use strict';
/**
 * The emulator as the Codex suite runs it: a process started inside the test's network namespace
 * (`node test/codex/emulator-process.js '<options JSON>' <control socket>`), from the built dist/
 * (`npm test` builds it first), like the `responses-emulator` command.
 *
 * It listens on 127.0.0.1 (a free port) for Codex, and serves the same application on a Unix socket
 * for the test: a socket path is not tied to a network namespace, so the test, outside, can read the
 * journal there. It prints `{"url": …}` on stdout when both are ready, and stops on SIGTERM.
 */
const { createServer } = require('node:http');
const { startEmulator } = require('../../dist/index.js');

async function main() {
  const [optionsJson, socketPath] = process.argv.slice(2);
  if (!optionsJson || !socketPath) throw new Error('usage: emulator-process.js <options JSON> <control socket>');
  const emulator = await startEmulator({ ...JSON.parse(optionsJson), host: '127.0.0.1', port: 0 });
  const control = createServer(emulator.server.listeners('request')[0]);
  await new Promise((resolve, reject) => {
    control.once('error', reject);
    control.listen(socketPath, resolve);
  });
  process.on('SIGTERM', () => {
    control.close();
    void emulator.close().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
}

main().catch((err) => {
  process.stderr.write(`emulator-process: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
