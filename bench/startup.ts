// Start-up of the installed command: `node -e 0`, `matdiff --help` and the seed 003 derive, each
// run as a user runs it (the packed tarball installed in a new project, its node_modules/.bin
// command), as medians of several runs and as ratios to `node -e 0` measured in the same run.
// The seed derive must take at most 3× `node -e 0`.
import { spawnSync } from 'node:child_process';
import { packAndInstall } from '../test/helpers/pack.js';

const SEED = ['derive', 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', '--wrt', 'W', '--vars', 'W: n x m; x: m; y: n'];

function median(file: string, args: string[], runs: number, cwd: string): number {
  const times: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const p = spawnSync(file, args, { cwd, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (p.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${p.status}: ${p.stderr}`);
    if (r > 0) times.push(ms); // the first run warms the file cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function startupTable(runs = 9): Promise<{ lines: string[]; ratio: number }> {
  const p = await packAndInstall();
  const rows: [string, number][] = [];
  // interleaved rounds, so a busy moment affects every command alike
  const sums = { node: [] as number[], help: [] as number[], seed: [] as number[] };
  for (let round = 0; round < 3; round++) {
    sums.node.push(median(process.execPath, ['-e', '0'], runs, p.dir));
    sums.help.push(median(p.bin, ['--help'], runs, p.dir));
    sums.seed.push(median(p.bin, SEED, runs, p.dir));
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  rows.push(['node -e 0', mid(sums.node)], ['matdiff --help', mid(sums.help)], ['matdiff derive <seed 003> --wrt W', mid(sums.seed)]);
  const base = rows[0]![1];
  const head = 'command (installed from the packed tarball)';
  const w = Math.max(head.length, ...rows.map((r) => r[0].length));
  const lines = [`${head.padEnd(w)}  median ms  × node -e 0`, `${'-'.repeat(w)}  ---------  -----------`];
  for (const [name, ms] of rows) lines.push(`${name.padEnd(w)}  ${ms.toFixed(1).padStart(9)}  ${(ms / base).toFixed(2).padStart(11)}`);
  return { lines, ratio: rows[2]![1] / base };
}
