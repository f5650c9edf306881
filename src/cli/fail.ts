// What every command does with an exception: a user's mistake (a MatdiffError) prints its message
// with the caret and exits 2; anything else is matdiff's own bug: one line asking for a report,
// exit 3, and the stack only with MATDIFF_DEBUG set. Never a stack trace for a user's mistake.
import { isMatdiffError, visible } from '../errors.js';
import type { CliIO } from './io.js';

export function failure(e: unknown, io: Pick<CliIO, 'stderr' | 'env'>): number {
  const err = (s: string) => io.stderr(s + '\n');
  if (isMatdiffError(e)) {
    err(e.format());
    return 2;
  }
  // the message of a bug may quote the input: shown, never obeyed
  err(`matdiff: internal error (please report): ${visible(e instanceof Error ? e.message : String(e))}`);
  if (io.env('MATDIFF_DEBUG') && e instanceof Error) err(visible(e.stack ?? '', '\n'));
  return 3;
}
