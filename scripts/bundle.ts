/**
 * Build step (`npm run build`, after `tsc` has written the type declarations): the package's own
 * modules bundled into one file per entry point (esbuild), its npm dependencies left to `require`.
 *
 * Why: a start used to load ~230 of the package's modules one by one — each resolved, read and
 * compiled by Node, and under Jest transformed and compiled again in every test file (a fresh module
 * registry each). One file per entry point is one read and one compile.
 *
 *   dist/index.js            `require('responses-emulator')`
 *   dist/cli.js              the command (bin/responses-emulator.js)
 *   dist/testing/jest.js     `responses-emulator/jest`   } the emulator itself is not copied into
 *   dist/testing/vitest.mjs  `responses-emulator/vitest` } these: they require ../index.js
 *
 * What the sources load on first use (`require('./lark/syntax')`, the fixture loader) stays lazy: a
 * module reached by `require` is wrapped in a function the bundle runs on that first `require`.
 * Files the modules read at run time (schemas/, fixtures/, inspector/, dist/precompiled/,
 * dist/tokenizer/) are found from the package's root (src/package-dir.ts): the bundles sit directly
 * in dist/, one level below it, as the sources sit in src/.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
/** Build outputs of their own, not compiled modules: kept. */
const GENERATED = new Set(['precompiled', 'tokenizer']);

/** The test-runner helpers reach the emulator through the main entry (`../index`), required from dist/index.js at run time. */
const mainEntryExternal: Plugin = {
  name: 'main-entry-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/index(\.js)?$/ }, (args) => (relative(join(ROOT, 'src'), args.resolveDir) === 'testing' ? { path: '../index.js', external: true } : undefined));
  },
};

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  sourcesContent: false, // the maps point at src/, as tsc's did: the package does not carry its sources twice
  logLevel: 'warning',
  metafile: true,
};

/** The JavaScript an earlier build left in dist/ (per-module output, stale bundles): the bundles replace it all. */
function removeCompiledModules(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(dir === DIST && GENERATED.has(entry.name))) removeCompiledModules(path);
    } else if (/\.(m?js)(\.map)?$/.test(entry.name)) {
      rmSync(path);
    }
  }
}

async function main(): Promise<void> {
  removeCompiledModules(DIST);
  await build({ ...COMMON, format: 'cjs', entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' }, outdir: DIST, absWorkingDir: ROOT });
  const helpers = [
    build({ ...COMMON, format: 'cjs', entryPoints: ['src/testing/jest.ts'], outfile: join(DIST, 'testing/jest.js'), plugins: [mainEntryExternal], absWorkingDir: ROOT }),
    build({ ...COMMON, format: 'esm', entryPoints: ['src/testing/vitest.mts'], outfile: join(DIST, 'testing/vitest.mjs'), plugins: [mainEntryExternal], absWorkingDir: ROOT }),
  ];
  for (const { metafile } of await Promise.all(helpers)) {
    // A helper bundling a module outside src/testing/ would carry a second copy of the emulator's code.
    const copied = Object.keys(metafile!.inputs).filter((input) => !input.startsWith('src/testing/'));
    if (copied.length > 0) throw new Error(`a test-runner helper bundles the emulator's own modules (${copied.join(', ')}): import them through ../index`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
