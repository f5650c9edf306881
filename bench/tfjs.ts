// TensorFlow.js for bench/compare.ts: tfjs-core with its CPU backend (pure JavaScript) and its
// gradients, the reference autodiff engine the bench compares matdiff with. Both packages are
// development dependencies (docs/performance.md says why).
// tfjs-core's Node build registers no gradients (tf.grad fails with "gradient function not found"),
// and its file that registers them (dist/register_all_gradients.js) is an ES module with
// extensionless imports, which Node cannot load. So the bench bundles tfjs-core's ES modules,
// that file and the CPU backend into one CommonJS file with esbuild (a dev dependency already,
// ~0.2 s) under node_modules/.cache/, and loads that: one copy of tfjs, gradients included.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs-core';

export type Tf = typeof TF;

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}node_modules/.cache/matdiff-bench/tfjs.cjs`;

/** tfjs-core with gradients and the CPU backend, ready */
export async function loadTfjs(): Promise<Tf> {
  await build({
    stdin: {
      contents: ["export * from '@tensorflow/tfjs-core';", "import '@tensorflow/tfjs-core/dist/register_all_gradients';", "import '@tensorflow/tfjs-backend-cpu';"].join('\n'),
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    mainFields: ['module', 'main'],
    outfile: out,
    logLevel: 'warning',
  });
  const tf = createRequire(import.meta.url)(out) as Tf;
  // the CPU backend's first use prints a banner recommending tfjs-node: not bench output
  const warn = console.warn;
  console.warn = () => {};
  try {
    await tf.setBackend('cpu');
    await tf.ready();
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
  } finally {
    console.warn = warn;
  }
  if (tf.getBackend() !== 'cpu') throw new Error(`tfjs backend is ${tf.getBackend()}, not cpu`);
  return tf;
}
