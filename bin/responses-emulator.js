#!/usr/bin/env node
'use strict';
// Thin launcher: the program lives in dist/cli.js (built by `npm run build`, which `npm ci` runs via `prepare`).
let cli;
try {
  cli = require('../dist/cli.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli\.js/.test(String(err.message))) {
    process.stderr.write('responses-emulator: dist/ is missing; run `npm run build` first.\n');
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv).catch((err) => {
  process.stderr.write(`responses-emulator: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
