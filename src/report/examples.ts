// The reports of the five seed situations (shared/seeds/), in Markdown and HTML, under
// docs/examples/. `npm run examples` writes them; test/report-examples.test.ts fails when the
// files on disk differ from what this module makes now.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import '../ops/index.js'; // an entry (`npm run examples`): the operator table, registered first
import { derive } from '../engine/derive.js';
import { buildReport, renderReport } from './index.js';

export interface Example {
  readonly slug: string;
  readonly seed: string;
  /** the question the seed asks, in one line */
  readonly question: string;
  readonly expr: string;
  readonly wrt: readonly string[];
  readonly vars: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    slug: 'seed-000-logistic-loss',
    seed: '000',
    question: 'How does the log-loss of a logistic unit go from line 2 to line 3, and why is the gradient (ŷ − y)x?',
    expr: "yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))",
    wrt: ['w'],
    vars: 'w: n; x: n; y: scalar',
  },
  {
    slug: 'seed-001-softmax-cross-entropy',
    seed: '001',
    question: 'Softmax cross-entropy with row vectors: what is the derivative with respect to the logits z?',
    expr: "p = softmax(z); L = -y*log(p)'",
    wrt: ['z'],
    vars: 'y: 1 x N onehot; z: 1 x N',
  },
  {
    slug: 'seed-002-relu-neuron',
    seed: '002',
    question: 'The gradient of a relu neuron’s squared error with respect to the weights and the bias.',
    expr: "z = w'*x + b; u = relu(z); C = (y - u)^2",
    wrt: ['w', 'b'],
    vars: 'w: n; x: n; b: scalar; y: scalar',
  },
  {
    slug: 'seed-003-sigmoid-layer',
    seed: '003',
    question: 'How can a vector be differentiated by a matrix? ∂E/∂W for E = ½‖σ(Wx) − y‖², the differential way.',
    expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)',
    wrt: ['W'],
    vars: 'W: n x m; x: m; y: n',
  },
  {
    slug: 'seed-004-sigmoid-unit',
    seed: '004',
    question: 'Why the “1 * activation” term? The gradient of σ(wᵀx + b) with respect to w, x and the bias b.',
    expr: "a = sigmoid(w'*x + b)",
    wrt: ['w', 'x', 'b'],
    vars: 'w: n; x: n; b: scalar',
  },
];

export const EXAMPLES_DIR = fileURLToPath(new URL('../../docs/examples/', import.meta.url));

function index(): string {
  const rows = EXAMPLES.map((e) => `| ${e.seed} | ${e.question} | \`${e.expr}\` | ${e.wrt.join(', ')} | [Markdown](${e.slug}.md) · [HTML](${e.slug}.html) |`);
  return [
    '# Worked examples: the five seed questions',
    '',
    'Each report is made by `matdiff report` from the expression shown, and every line in it was checked',
    'numerically. Regenerate them all with `npm run examples` (a test fails when they are stale).',
    'The HTML pages are self-contained: open them from disk, offline.',
    '',
    '| seed | question | expression | with respect to | report |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Every file under docs/examples/, by name, as `npm run examples` writes it. */
export function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of EXAMPLES) {
    const report = buildReport(derive(e.expr, { wrt: e.wrt, vars: e.vars }));
    files.set(`${e.slug}.md`, renderReport(report, 'md'));
    files.set(`${e.slug}.html`, renderReport(report, 'html'));
  }
  files.set('README.md', index());
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(EXAMPLES_DIR, { recursive: true });
  for (const [name, text] of exampleFiles()) writeFileSync(join(EXAMPLES_DIR, name), text);
  console.log(`wrote ${EXAMPLES.length * 2 + 1} files to docs/examples/`);
}
