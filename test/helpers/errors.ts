// The error a call raises, and the caret matdiff prints under the spot, for the tests of messages
// (errors, limits, confusables).
import * as assert from 'uvu/assert';
import { MatdiffError } from '../../src/index.js';

/** the MatdiffError `f` throws (any other outcome fails the test) */
export function failure(f: () => unknown): MatdiffError {
  try {
    f();
  } catch (e) {
    if (e instanceof MatdiffError) return e;
    throw new Error(`expected a MatdiffError, got ${e instanceof Error ? e.stack : String(e)}`);
  }
  throw new Error('expected an error, got none');
}

/** the caret line of an error's .format() (or of printed text such as a command's stderr): the line
 *  above it, and the column (0-based in that input line) of the first ^ and the number of ^ */
export function caretOf(e: MatdiffError | string): { line: string; col: number; width: number } {
  const text = typeof e === 'string' ? e : e.format();
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^\s*\^+\s*$/.test(l));
  assert.ok(i > 0, `no caret line in:\n${text}`);
  const m = /\^+/.exec(lines[i]!)!;
  return { line: lines[i - 1]!.slice(2), col: m.index - 2, width: m[0].length };
}
