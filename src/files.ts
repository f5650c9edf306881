/// <reference types="node" />
// Reading and writing text files, for matdiff/node (src/node.ts) and the command line
// (src/cli/io.ts): a failure is a MatdiffError of kind 'io' naming the file and why, never a raw
// Node error. The error class is passed in rather than imported: the CommonJS build of
// matdiff/node keeps the core (./index.js) external, and importing errors.ts here would bundle a
// second MatdiffError class into it, one that `instanceof` the core's class would not recognise.
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import type { ErrorKind, MatdiffError } from './errors.js';

/** The constructor of MatdiffError (the caller's copy of the class). */
export type ErrorClass = new (kind: ErrorKind, message: string, opts?: { hint?: string }) => MatdiffError;

/** Why a file operation failed, in words. */
export function why(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT'
    ? 'no such file or folder'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder'
        : code === 'ENOTDIR'
          ? 'a part of the path is not a folder'
          : e instanceof Error
            ? e.message
            : String(e);
}

export interface TextFiles {
  /** Read a text file (UTF-8); with `maxBytes`, a file longer than that is refused with a 'limit' error before more than maxBytes + 1 bytes are read. */
  readText(file: string, maxBytes?: number): string;
  /** Write `text` to `file` (UTF-8). */
  writeText(file: string, text: string): void;
}

/** readText and writeText throwing `E` (MatdiffError) of kind 'io' (or 'limit'). */
export function textFiles(E: ErrorClass): TextFiles {
  const tooLong = (file: string, maxBytes: number) =>
    new E('limit', `${file} is longer than ${maxBytes} bytes; matdiff reads at most ${maxBytes} bytes of a file`, { hint: 'is it the right file?' });
  return {
    writeText(file, text) {
      try {
        writeFileSync(file, text);
      } catch (e) {
        throw new E('io', `cannot write ${file}: ${why(e)}`, { hint: why(e) === 'no such file or folder' ? 'the folder must exist: create it first' : undefined });
      }
    },
    readText(file, maxBytes = Infinity) {
      let fd: number;
      try {
        fd = openSync(file, 'r');
      } catch (e) {
        throw new E('io', `cannot read ${file}: ${why(e)}`);
      }
      try {
        const size = fstatSync(fd);
        if (size.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
        // a regular file says its size; a device or a pipe (/dev/zero) does not, so the read
        // itself is bounded too
        if (size.isFile() && size.size > maxBytes) throw tooLong(file, maxBytes);
        const chunks: Buffer[] = [];
        let total = 0;
        const cap = Number.isFinite(maxBytes) ? maxBytes + 1 : Infinity;
        const buf = Buffer.alloc(Math.min(cap, 1 << 16));
        while (total < cap) {
          const n = readSync(fd, buf, 0, Math.min(buf.length, cap - total), null);
          if (n === 0) break;
          chunks.push(Buffer.from(buf.subarray(0, n)));
          total += n;
        }
        if (total > maxBytes) throw tooLong(file, maxBytes);
        return Buffer.concat(chunks, total).toString('utf8');
      } catch (e) {
        if (e instanceof E) throw e;
        throw new E('io', `cannot read ${file}: ${why(e)}`);
      } finally {
        closeSync(fd);
      }
    },
  };
}
