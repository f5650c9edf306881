/// <reference types="node" />
// matdiff/node: the core entry plus what only Node can do. The core (src/index.ts) imports no
// node: module and runs unchanged in a browser; reading and writing files lives here and in the
// command line. This module shares the core's instance (it imports './index.js', kept external
// by the build), so a Derivation made by `matdiff` can be written by `matdiff/node`.
import { MatdiffError } from './index.js';
import { textFiles } from './files.js';

export * from './index.js';

/** The report formats, and the format a file extension asks for. */
export type FileFormat = 'text' | 'md' | 'latex' | 'html' | 'json';
const BY_EXTENSION: Record<string, FileFormat> = { '.txt': 'text', '.md': 'md', '.tex': 'latex', '.html': 'html', '.htm': 'html', '.json': 'json' };

/** The format for a file name: `.md` Markdown, `.tex` LaTeX, `.html` a page, `.json` data, else text. */
export function formatOf(file: string): FileFormat {
  const dot = file.lastIndexOf('.');
  return (dot > file.lastIndexOf('/') ? BY_EXTENSION[file.slice(dot).toLowerCase()] : undefined) ?? 'text';
}

const files = textFiles(MatdiffError);

/** Write `text` to `file`; a failure is a MatdiffError of kind 'io' naming the file and why. */
export function writeText(file: string, text: string): void {
  files.writeText(file, text);
}

/** Read a text file; a failure is a MatdiffError of kind 'io'. */
export function readText(file: string): string {
  return files.readText(file);
}

/**
 * Write the report of a derivation or of a check (anything with `.report(format)`) to a file, in
 * the format its extension asks for unless `format` is given. Returns the format written.
 *
 *   writeReport(derive(f, { wrt: 'W' }), 'seed003.html');
 *   writeReport(check(f, { wrt: 'W', claim }), 'verdict.md');
 */
export function writeReport(result: { report(format: FileFormat): string }, file: string, format: FileFormat = formatOf(file)): FileFormat {
  writeText(file, result.report(format));
  return format;
}
