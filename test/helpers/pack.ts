// packAndInstall(): the package as a user gets it. `npm pack` in the repository (which runs the
// `prepare` script, so dist/ is rebuilt) into a temporary folder, then a new temporary project
// that installs that tarball with `npm install`. Memoized per process: every caller shares one
// pack and one install. Everything lives under os.tmpdir() and is removed at exit (set
// MATDIFF_KEEP_PACK=1 to keep it, and its path is printed). Used by test/package.test.ts and by
// the bench (to time the installed `matdiff` command).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** the repository root (the folder holding package.json) */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface Packed {
  /** the consumer project: package.json ("type": "module") and node_modules/matdiff */
  dir: string;
  /** the .tgz `npm pack` wrote */
  tarball: string;
  /** its size on disk */
  tarballBytes: number;
  /** the size of its files unpacked (npm's unpackedSize) */
  unpackedBytes: number;
  /** the paths in the tarball, relative to the package root (`dist/index.js`, `package.json`, …) */
  packList: string[];
  /** the installed package: `dir/node_modules/matdiff` */
  installed: string;
  /** the installed command: `dir/node_modules/.bin/matdiff` */
  bin: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run a program; resolves with its exit code and output whatever the code (a failure to start,
 * or a timeout, rejects). Generous default timeout: a slow machine is not a failure.
 */
export function run(file: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeout ?? 300_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      // a numeric code is the exit code; otherwise it did not start, timed out or was killed
      const e = err as (Omit<NodeJS.ErrnoException, 'code'> & { code?: number | string | null; killed?: boolean; signal?: string | null }) | null;
      if (e && typeof e.code !== 'number') {
        const why = e.killed ? `killed (${e.signal}) after the ${opts.timeout ?? 300_000} ms timeout` : e.signal ? `killed by ${e.signal}` : e.message;
        reject(new Error(`${file} ${args.join(' ')}: ${why}\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`));
        return;
      }
      resolve({ code: e ? Number(e.code) : 0, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** run, and throw (with the command, its exit code and its stderr) unless it exits 0 */
export async function runOk(file: string, args: readonly string[], opts: Parameters<typeof run>[2] = {}): Promise<RunResult> {
  const r = await run(file, args, opts);
  if (r.code !== 0) throw new Error(`\`${[file, ...args].join(' ')}\` (in ${opts.cwd ?? process.cwd()}) exited ${r.code}\n--- stderr:\n${r.stderr}\n--- stdout:\n${r.stdout}`);
  return r;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** the environment for a child npm: ours, without what an enclosing `npm test` set for itself */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_(lifecycle|package|config_(dry_run|global|prefix|json|pack_destination))/i.test(k)) env[k] = v;
  return env;
}

let temp: string | undefined;
/** a temporary folder for this process, removed at exit */
export function tempRoot(): string {
  if (temp) return temp;
  const dir = mkdtempSync(join(tmpdir(), 'matdiff-pack-'));
  temp = dir;
  process.on('exit', () => {
    if (process.env.MATDIFF_KEEP_PACK === '1') console.log(`  kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

let pending: Promise<Packed> | undefined;

/** pack the repository and install the tarball into a new project (once per process) */
export function packAndInstall(): Promise<Packed> {
  pending ??= doPack();
  return pending;
}

async function doPack(): Promise<Packed> {
  const root = tempRoot();
  const dest = join(root, 'tarball');
  const dir = join(root, 'project');
  mkdirSync(dest, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const env = npmEnv();

  const packed = await runOk(NPM, ['pack', '--json', '--pack-destination', dest], { cwd: REPO, env, timeout: 600_000 });
  let info: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };
  try {
    const json = packed.stdout.slice(packed.stdout.indexOf('['));
    info = (JSON.parse(json) as (typeof info)[])[0]!;
  } catch (e) {
    throw new Error(`npm pack --json printed no JSON (${(e as Error).message})\n--- stdout:\n${packed.stdout}\n--- stderr:\n${packed.stderr}`);
  }
  const tarball = join(dest, info.filename);

  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'matdiff-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2) + '\n');
  await runOk(NPM, ['install', '--no-audit', '--no-fund', '--no-update-notifier', tarball], { cwd: dir, env, timeout: 600_000 });

  return {
    dir,
    tarball,
    tarballBytes: statSync(tarball).size,
    unpackedBytes: info.unpackedSize,
    packList: info.files.map((f) => f.path).sort(),
    installed: join(dir, 'node_modules', 'matdiff'),
    bin: join(dir, 'node_modules', '.bin', process.platform === 'win32' ? 'matdiff.cmd' : 'matdiff'),
  };
}
