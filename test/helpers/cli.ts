// The `matdiff` command run in-process: main(argv, io) with an io that captures stdout and stderr
// and sees only the environment the test gives (MATDIFF_DEBUG in the developer's shell changes
// nothing). Files are real (a test's temporary folder), so the errors of reading and writing them
// are the ones a user sees.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { nodeIO, type CliIO } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `matdiff ...args` in-process. */
export function runCli(args: string[], opts: { env?: Record<string, string>; io?: Partial<CliIO> } = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const env = opts.env ?? {};
  const io: CliIO = {
    ...nodeIO(),
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: (name) => env[name],
    ...opts.io,
  };
  const code = main(args, io);
  return { code, stdout, stderr };
}

/** A fresh temporary folder for the files a test reads and writes. */
export function tempDir(prefix = 'matdiff-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
