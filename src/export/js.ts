// The JavaScript and TypeScript export: one dependency-free ES module with `f(vars, dims)` and
// `fAndG(vars, dims, out?)` (a gradient), `jvp(vars, dims, v, out?)` (a Jacobian) or
// `hvp(vars, dims, v, out?)` (a Hessian), and a check of each against central differences. The
// bodies are written by src/export/js-lower.ts, the helpers they call come from
// src/export/js-runtime.ts; this file names things, reads and guards the inputs, and assembles.
import type { Term } from '../core/term.js';
import { isScalarShape, type Shape } from '../core/shape.js';
import { JsBody } from './js-lower.js';
import { helperSource } from './js-runtime.js';
import { assertSupported, type Problem } from './plan.js';
import { headerLines } from './header.js';
import type { CodeOptions } from './types.js';
import { checkFunctions } from './js-check.js';
import { JsModule, member, objectKey, shapeText } from './js-module.js';
import { stableForms } from './op-code.js';

const comment = (lines: readonly string[]): string[] => lines.map((l) => (l ? `// ${l}` : '//'));

/** the value of `root` in a new body: its lines, and how the caller reads the value */
function bodyFor(mod: JsModule, roots: readonly Term[], targets: Map<Term, string>): JsBody {
  return new JsBody(mod, roots, targets);
}

/** An ES module (TypeScript when `ts`) computing the problem's function and its derivatives. */
export function exportJs(p: Problem, ts: boolean, opts: CodeOptions): string {
  const roots = [p.fn, ...p.gradients.map((g) => g.term), ...(p.action ? [p.action.term] : [])];
  assertSupported(roots, ts ? 'TypeScript' : 'JavaScript');
  const mod = new JsModule(p, ts);
  const t = (x: string) => mod.t(x);
  const fns: string[][] = [];
  const fScalar = isScalarShape(p.fn.shape);
  const value = mod.claim(p.fnName === 'f' ? 'value' : p.fnName);
  const result = mod.claim('result');
  if (fScalar && p.fn.op !== 'var' && p.fn.op !== 'num') mod.setName(p.fn, value);

  // f
  {
    const out = fScalar ? undefined : result;
    const body = bodyFor(mod, [p.fn], new Map(out ? [[p.fn, out]] : []));
    const lines = [...mod.prologue()];
    if (out) lines.push(`const ${out} = out === undefined ? new Float64Array(${mod.size(p.fn.shape).e}) : ${mod.readCall('out', 'out', p.fn.shape)};`);
    const v = fScalar ? body.value(p.fn) : (body.into(p.fn, out!), undefined);
    const retType = fScalar ? 'number' : 'Float64Array';
    fns.push([
      `/** ${p.fnName === 'f' ? 'the function' : p.fnName} at vars, dims${fScalar ? '' : ` (into out when given: ${shapeText(p.fn.shape)})`} */`,
      `export function f(vars${t('Vars')}, dims${t('Dims')}${fScalar ? '' : `, out${ts ? '?: Float64Array' : ''}`})${t(retType)} {`,
      ...lines.map((l) => `  ${l}`),
      ...mod.workspaceLine(body).map((l) => `  ${l}`),
      ...body.lines,
      v && v.kind === 'sc' ? `  return ${v.x.e};` : `  return ${out};`,
      '}',
    ]);
  }

  // fAndG: the value and every gradient, sharing what they have in common
  if (p.gradients.length) {
    const targets = new Map<Term, string>();
    const locals = p.gradients.map((g) => {
      const v = p.vars.find((x) => x.name === g.wrt)!;
      const local = isScalarShape(v.term.shape) ? undefined : mod.claim(`g${mod.inputs.get(g.wrt)}`);
      if (local && !targets.has(g.term)) targets.set(g.term, local);
      return { g, v, local };
    });
    const body = bodyFor(mod, roots.slice(0, 1 + p.gradients.length), targets);
    const lines = [...mod.prologue()];
    for (const { v, local } of locals) {
      if (local) lines.push(`const ${local} = out === undefined ? new Float64Array(${mod.size(v.term.shape).e}) : ${mod.readCall(member('out.gradient', v.name, true), `out.gradient.${v.name}`, v.term.shape)};`);
    }
    const fv = body.value(p.fn);
    if (fv.kind !== 'sc') throw new Error('matdiff internal: a gradient of a function that is not a scalar');
    if (fv.x.e !== value) body.emit(`const ${value} = ${fv.x.e};`);
    const scalars: [string, string][] = [];
    for (const { g, v, local } of locals) {
      if (local) body.into(g.term, local);
      else {
        const x = body.value(g.term);
        if (x.kind !== 'sc') throw new Error('matdiff internal: the gradient of a scalar is not a scalar');
        const name = mod.claim(`g${mod.inputs.get(v.name)}`);
        body.emit(`const ${name} = ${x.x.e};`);
        scalars.push([v.name, name]);
      }
    }
    const entries = locals.map(({ v, local }) => `${objectKey(v.name)}: ${local ?? scalars.find(([n]) => n === v.name)![1]}`);
    fns.push([
      `/** the value and the gradient${p.gradients.length > 1 ? 's' : ''} at vars, dims; into out (an earlier result) when given, so that nothing is allocated */`,
      `export function fAndG(vars${t('Vars')}, dims${t('Dims')}, out${ts ? '?: Result' : ''})${t('Result')} {`,
      ...lines.map((l) => `  ${l}`),
      ...mod.workspaceLine(body).map((l) => `  ${l}`),
      ...body.lines,
      `  if (out === undefined) return { ${value === 'value' ? 'value' : `value: ${value}`}, gradient: { ${entries.join(', ')} } };`,
      `  out.value = ${value};`,
      ...scalars.map(([n, local]) => `  ${member('out.gradient', n)} = ${local};`),
      '  return out;',
      '}',
    ]);
  }

  // jvp or hvp: the action along the direction v
  if (p.action) {
    const a = p.action;
    const name = p.kind === 'hessian' ? 'hvp' : 'jvp';
    const scalarOut = isScalarShape(a.term.shape);
    const out = scalarOut ? undefined : result;
    const body = bodyFor(mod, [a.term], new Map(out ? [[a.term, out]] : []));
    const lines = [...mod.prologue(), `const ${mod.direction} = ${mod.readInput(a.direction, mod.param!, 'v')};`];
    if (out) lines.push(`const ${out} = out === undefined ? new Float64Array(${mod.size(a.term.shape).e}) : ${mod.readCall('out', 'out', a.term.shape)};`);
    const v = scalarOut ? body.value(a.term) : (body.into(a.term, out!), undefined);
    const vType = isScalarShape(a.direction.term.shape) ? 'number' : 'Float64Array';
    const what = p.kind === 'hessian' ? `the Hessian of ${p.fnName} with respect to ${a.wrt} applied to v, H[v]` : `the Jacobian of ${p.fnName} with respect to ${a.wrt} applied to v: d${p.fnName} along d${a.wrt} = v`;
    fns.push([
      `/** ${what} (v has the shape of ${a.wrt}; the result ${scalarOut ? 'is a number' : `is ${shapeText(a.term.shape)}`}) */`,
      `export function ${name}(vars${t('Vars')}, dims${t('Dims')}, ${mod.param}${t(vType)}${scalarOut ? '' : `, out${ts ? '?: Float64Array' : ''}`})${t(scalarOut ? 'number' : 'Float64Array')} {`,
      ...lines.map((l) => `  ${l}`),
      ...mod.workspaceLine(body).map((l) => `  ${l}`),
      ...body.lines,
      v && v.kind === 'sc' ? `  return ${v.x.e};` : `  return ${out};`,
      '}',
    ]);
  }

  const checks = checkFunctions(mod);
  const types = ts ? typeDeclarations(mod) : [];
  const header = comment([...headerLines(p, ts ? 'ts' : 'js', opts), '', ...callingWords(p)]);
  return [
    header.join('\n'),
    ...(types.length ? [types.join('\n')] : []),
    ...fns.map((f) => f.join('\n')),
    ...checks.map((c) => c.join('\n')),
    ...(mod.buffers.size ? [mod.workspaceSource().join('\n')] : []),
    ...helperSource(mod.helpers, ts),
  ].join('\n\n') + '\n';
}

function typeDeclarations(mod: JsModule): string[] {
  const p = mod.p;
  const ty = (s: Shape) => (isScalarShape(s) ? 'number' : 'Float64Array');
  const lines = [
    '/** each variable: a number (a scalar) or its entries in row-major order */',
    'export interface Vars {',
    ...p.vars.map((v) => `  ${objectKey(v.name)}: ${ty(v.term.shape)};`),
    '}',
    '/** the size of each dimension */',
    'export interface Dims {',
    ...p.dims.map((d) => `  ${objectKey(d)}: number;`),
    '}',
  ];
  if (p.gradients.length) {
    lines.push('/** each gradient has its variable\'s shape, row-major (a scalar variable\'s is a number) */', 'export interface Gradient {');
    for (const g of p.gradients) lines.push(`  ${objectKey(g.wrt)}: ${ty(p.vars.find((v) => v.name === g.wrt)!.term.shape)};`);
    lines.push('}', 'export interface Result {', '  value: number;', '  gradient: Gradient;', '}');
  }
  lines.push('export interface CheckOptions {', '  /** the step of the central differences (1e-4) */', '  h?: number;', '  /** the seed of the random directions (1) */', '  seed?: number;', '  /** directions per variable (3) */', '  trials?: number;', '}');
  return lines;
}

function callingWords(p: Problem): string[] {
  const dims = p.dims.length ? `dims: the size of each dimension, a positive integer (${p.dims.join(', ')}).` : 'dims: {} (no dimension is symbolic).';
  const lines = [
    'vars: each variable by name, a number for a scalar, else a Float64Array of its entries in row-major order',
    '  (an r×c matrix has r*c entries, entry (i, j) at [i*c + j]; a column or row vector has its length).',
    dims,
  ];
  if (p.gradients.length) {
    lines.push('fAndG returns { value, gradient }: each gradient has its variable\'s shape, row-major (a Float64Array);');
    lines.push('  the gradient of a scalar variable is a number. Pass an earlier result as `out` to reuse its arrays.');
  }
  if (p.action) {
    lines.push(`${p.kind === 'hessian' ? 'hvp' : 'jvp'}(vars, dims, v, out?): the direction v (${p.action.direction.name} above) has the shape of ${p.action.wrt} (a number or a Float64Array, row-major).`);
  }
  lines.push(
    'Intermediate arrays live in a workspace kept between calls (made again when a dimension changes); no',
    '  returned array is one of them. A wrong size throws a RangeError naming the variable and the size expected.',
    'Outside the domain (log of a negative number) values are NaN or ±Infinity, as in Math; inv of a singular',
    `  matrix throws a RangeError. ${stableForms(['log-sum-exp', 'softmax']).words} are computed in their stable forms.`,
    `${[p.gradients.length ? 'checkGradient' : '', p.action ? (p.kind === 'hessian' ? 'checkHvp' : 'checkJvp') : ''].filter(Boolean).join(', ')}(vars, dims, { h, seed, trials }) returns the largest relative error`,
    '  against central differences along random directions (about 1e-8 or less when all is well).',
  );
  return lines;
}

