// Everything the command line does outside itself goes through a CliIO: what it prints, the files
// it reads and writes, the environment it looks at. main(argv, io) with the real one (nodeIO) is
// the `matdiff` command; a test passes one that captures the output and runs main() in-process.
import { MatdiffError } from '../errors.js';
import { textFiles } from '../files.js';

export interface CliIO {
  /** write `text` to standard output as is (the caller ends its lines) */
  stdout(text: string): void;
  /** write `text` to standard error as is */
  stderr(text: string): void;
  /** a text file; a failure throws MatdiffError of kind 'io' (or 'limit' for a file that is too long) */
  readFile(path: string): string;
  /** write a text file; a failure throws MatdiffError of kind 'io' */
  writeFile(path: string, text: string): void;
  /** an environment variable */
  env(name: string): string | undefined;
}

/** The most the command line reads of a file (`check --steps`): 1 MiB; /dev/zero is refused. */
export const MAX_FILE_BYTES = 1 << 20;

const files = textFiles(MatdiffError);

/** The process's own streams, files and environment (looked up at each call). */
export function nodeIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: (path) => files.readText(path, MAX_FILE_BYTES),
    writeFile: (path, text) => files.writeText(path, text),
    env: (name) => process.env[name],
  };
}
