/**
 * The package's root folder (where package.json, schemas/, fixtures/, inspector/ and dist/ are), for
 * every module that reads a file shipped with the package.
 *
 * Why one module, and why here at the top of src/: `__dirname` is the folder of the file that runs,
 * which is `src/` under the tests (ts-jest runs the sources) and `dist/` when built — the build
 * bundles the package's modules into files directly in dist/ (scripts/bundle.ts), so a module's own
 * folder depth is lost. Both are one level below the root, and so is this file in either form.
 */
import { join } from 'node:path';

export const PACKAGE_DIR = join(__dirname, '..');
