// Runs every test/**/*.test.ts through uvu in one process and ends with the line CI reads:
// `N passed, M failed`. uvu's own summary (Total/Passed/Skipped) is kept above it.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);

function find(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? find(p) : f.endsWith('.test.ts') ? [p] : [];
    });
}

const files = find(root).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
const g = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: unknown[][] };
g.UVU_DEFER = 1;
g.UVU_QUEUE = [];
const uvu = await import('uvu');

files.forEach((f, i) => {
  g.UVU_INDEX = i;
  g.UVU_QUEUE.push([relative(root, f)]);
});
for (const [i, f] of files.entries()) {
  g.UVU_INDEX = i;
  await import(pathToFileURL(f).href);
}

// a file whose suites never call `.run()` would pass silently with none of its tests run
const idle = g.UVU_QUEUE.filter((entry) => entry.length < 2).map((entry) => entry[0]);
if (idle.length > 0) {
  console.error(`these test files ran no suite (missing \`test.run()\`?): ${idle.join(', ')}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// read uvu's totals off its own summary
let captured = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;
await uvu.exec(false);
process.stdout.write = write;

const plain = captured.replace(/\x1b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
// uvu leaves skipped tests out of its Total
const failed = total - passed;
if (total === 0) process.exitCode = 1;
// a skipped test (no Chromium, no torch) is said on its own line, named above with its reason; the
// last line is exactly `N passed, M failed`, as CI reads it
if (skipped > 0) console.log(`${skipped} skipped (each named above, with why)`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
