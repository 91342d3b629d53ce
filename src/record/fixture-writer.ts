/**
 * Writes recorded fixtures: one JSON file per exchange, named from the test id (sanitised: letters,
 * digits, `.`, `_`, `-`) plus a sequence number, always inside the fixtures directory. Each file is
 * written to a temporary dotfile beside it and renamed into place, so a crash never leaves a
 * half-written fixture (the loader ignores dotfiles).
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Fixture } from '../fixtures/types';

export function sanitizeName(raw: string): string {
  const cleaned = raw
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 80);
  return cleaned || 'recording';
}

export class FixtureWriter {
  private readonly dir: string;
  private readonly next = new Map<string, number>();
  private temp = 0;

  constructor(dir: string) {
    this.dir = resolve(dir);
    mkdirSync(this.dir, { recursive: true });
  }

  /** The next free `<name>-NNN.json` path in the directory (continuing after existing files). */
  reserve(baseName: string): string {
    const base = sanitizeName(baseName);
    const file = resolve(this.dir, `${base}-${String(this.nextNumber(base)).padStart(3, '0')}.json`);
    if (!file.startsWith(this.dir + sep)) throw new Error(`refusing to write outside ${this.dir}`); // cannot happen after sanitising
    return file;
  }

  /** Replaces a fixture file atomically: the new content appears whole, or not at all. */
  rewrite(file: string, fixture: Fixture): void {
    const tmp = join(this.dir, `.recording.${process.pid}.${this.temp++}.tmp`);
    try {
      writeFileSync(tmp, `${JSON.stringify(fixture, null, 2)}\n`, { flag: 'wx' });
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  private nextNumber(base: string): number {
    let n = this.next.get(base);
    if (n === undefined) {
      const pattern = new RegExp(`^${base.replace(/[.]/g, '\\.')}-(\\d+)\\.json$`);
      n = 1 + Math.max(0, ...readdirSync(this.dir).map((f) => Number(pattern.exec(f)?.[1] ?? 0)));
    }
    this.next.set(base, n + 1);
    return n;
  }
}
