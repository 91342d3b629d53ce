/**
 * Writes recorded fixtures: one JSON file per exchange, named from the test id (sanitised, see
 * `sanitizeName`) plus a sequence number, always inside the fixtures directory. Each file is written
 * to a temporary dotfile beside it (the loader ignores dotfiles) and then put in place: a new file by
 * a hard link, which fails when the name exists — so two recorders sharing a directory never
 * overwrite each other's files, the second takes the next number — and a rewrite by a rename. A crash
 * never leaves a half-written fixture.
 */
import { linkSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Fixture } from '../fixtures/types';

/** Names Windows reserves for devices, whatever their extension (`COM1.json`, `aux.txt`). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Longest name kept, in UTF-8 bytes (file systems allow 255; the number and `.json` follow). */
const MAX_NAME_BYTES = 120;

/**
 * A file-name-safe form of a test id, deterministic and readable: NFKC-normalised, letters and
 * digits of any script kept (`café`, `テスト`), `.`, `_` and `-` kept, any other run of characters
 * one `-`; no leading or trailing dots or dashes, no `..`; at most 120 bytes; a Windows device name
 * (`CON`, `PRN`, `AUX`, `NUL`, `COM1`-`COM9`, `LPT1`-`LPT9`, with any extension) gets a `_`.
 */
export function sanitizeName(raw: string): string {
  let cleaned = raw
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}\p{M}._-]+/gu, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '');
  cleaned = cutToBytes(cleaned, MAX_NAME_BYTES).replace(/[.-]+$/, '');
  if (!cleaned) return 'recording';
  const dot = cleaned.indexOf('.');
  const stem = dot < 0 ? cleaned : cleaned.slice(0, dot);
  return WINDOWS_RESERVED.test(stem) ? `${stem}_${cleaned.slice(stem.length)}` : cleaned;
}

function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > max) break;
    out += char;
  }
  return out;
}

export class FixtureWriter {
  private readonly dir: string;
  private readonly next = new Map<string, number>();
  private temp = 0;

  constructor(dir: string) {
    this.dir = resolve(dir);
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * Writes a new `<name>-NNN.json` (the next free number, continuing after existing files) with the
   * fixture `build` makes for that name; never replaces a file, even one another process wrote a
   * moment ago. Returns the path.
   */
  create(baseName: string, build: (name: string) => Fixture): string {
    const base = sanitizeName(baseName);
    for (;;) {
      const name = `${base}-${String(this.nextNumber(base)).padStart(3, '0')}`;
      const file = resolve(this.dir, `${name}.json`);
      if (!file.startsWith(this.dir + sep)) throw new Error(`refusing to write outside ${this.dir}`); // cannot happen after sanitising
      if (this.put(file, build(name))) return file;
    }
  }

  /** Replaces a fixture file atomically: the new content appears whole, or not at all. */
  rewrite(file: string, fixture: Fixture): void {
    const tmp = this.writeTemp(fixture);
    try {
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  /** Puts a new file in place unless the name is taken (false then). */
  private put(file: string, fixture: Fixture): boolean {
    const tmp = this.writeTemp(fixture);
    try {
      linkSync(tmp, file);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // A file system without hard links: an exclusive create (whole unless the process dies mid-write).
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return this.createExclusive(file, fixture);
      throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  private createExclusive(file: string, fixture: Fixture): boolean {
    try {
      writeFileSync(file, serialize(fixture), { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }

  private writeTemp(fixture: Fixture): string {
    const tmp = join(this.dir, `.recording.${process.pid}.${this.temp++}.tmp`);
    try {
      writeFileSync(tmp, serialize(fixture), { flag: 'wx' });
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return tmp;
  }

  private nextNumber(base: string): number {
    let n = this.next.get(base);
    if (n === undefined) {
      const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`^${escaped}-(\\d+)\\.json$`, 'u');
      n = 1 + Math.max(0, ...readdirSync(this.dir).map((f) => Number(pattern.exec(f.normalize('NFC'))?.[1] ?? 0)));
    }
    this.next.set(base, n + 1);
    return n;
  }
}

function serialize(fixture: Fixture): string {
  return `${JSON.stringify(fixture, null, 2)}\n`;
}
