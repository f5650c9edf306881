// What every command does with an exception: a user's mistake (a MatdiffError) prints its message
// with the caret and exits 2; anything else is matdiff's own bug: one line asking for a report,
// exit 3, and the stack only with MATDIFF_DEBUG set. Never a stack trace for a user's mistake.
import { isMatdiffError } from '../errors.js';
import type { CliIO } from './io.js';

export function failure(e: unknown, io: Pick<CliIO, 'stderr' | 'env'>): number {
  const err = (s: string) => io.stderr(s + '\n');
  if (isMatdiffError(e)) {
    err(e.format());
    return 2;
  }
  err(`matdiff: internal error (please report): ${e instanceof Error ? e.message : String(e)}`);
  if (io.env('MATDIFF_DEBUG') && e instanceof Error) err(e.stack ?? '');
  return 3;
}
