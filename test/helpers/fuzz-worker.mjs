// The worker thread of test/fuzz.test.ts: runs `matdiff ...args` in-process (runCli from ./cli.ts,
// which calls the command's main()) for each message and posts back { code, stdout, stderr, ms }.
// It is a worker (same process, own thread) so that the test can stop an input that hangs or runs
// out of memory and report it, instead of dying with it. Its stack is about the size of the main
// thread's (Node's default 984 KB), so deep nesting overflows where it would for the command.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli.ts');

parentPort.on('message', ({ id, args }) => {
  const t0 = performance.now();
  try {
    const r = runCli(args);
    parentPort.postMessage({ id, code: r.code, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 });
  } catch (e) {
    // main() itself must never throw: report what escaped it
    parentPort.postMessage({ id, code: -1, stdout: '', stderr: '', threw: String((e && e.stack) || e), ms: performance.now() - t0 });
  }
});
parentPort.postMessage({ ready: true });
