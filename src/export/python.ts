// The NumPy and PyTorch export: a Python module with `f(W, x, y)` and `fAndG(W, x, y)` returning
// (value, gradient) — a gradient, or a tuple of them in --wrt order — or `jvp(x, v)` / `hvp(x, v)`,
// and `check_gradient`, `check_jvp`, `check_hvp` against central differences. The variables are
// the parameters, in the program's order; the sizes of the dimensions are read off their shapes
// (a dimension no variable shows is a keyword argument). Bodies: src/export/python-lower.ts.
import type { Term } from '../core/term.js';
import { isScalarShape, type Dim } from '../core/shape.js';
import { PyBody, type PyContext, type PyExpr, py } from './python-lower.js';
import { PY_HELPER_NAMES, pyHelperSource, type PyLib } from './python-runtime.js';
import { Namer, PY_RESERVED, literal } from './names.js';
import { assertSupported, type Problem, type Variable } from './plan.js';
import { NodeNames } from './node-names.js';
import { headerLines } from './header.js';
import type { CodeOptions } from './types.js';
import { stableForms } from './op-code.js';

const MODULE_NAMES = ['f', 'fAndG', 'jvp', 'hvp', 'check_gradient', 'check_jvp', 'check_hvp', 'math', 'np', 'torch'];

class PyModule implements PyContext {
  private readonly namer = new Namer([...PY_RESERVED, ...PY_HELPER_NAMES, ...MODULE_NAMES]);
  private readonly inputs = new Map<string, string>();
  private readonly dims = new Map<string, string>();
  private readonly names: NodeNames;
  readonly helpers = new Set<string>();
  readonly like: string;
  /** dimensions no variable's shape shows: keyword arguments */
  readonly keywordDims: string[] = [];
  readonly params: string[];
  readonly direction?: string;
  constructor(
    readonly p: Problem,
    readonly lib: PyLib,
  ) {
    for (const v of p.vars) this.inputs.set(v.name, this.namer.claim(v.name));
    this.params = p.vars.map((v) => this.inputs.get(v.name)!);
    if (p.action) {
      this.direction = this.namer.claim('v');
      this.inputs.set(p.action.direction.name, this.direction);
    }
    for (const d of p.dims) this.dims.set(d, this.namer.claim(d));
    for (const d of p.dims) if (!this.bindingOf(d)) this.keywordDims.push(this.dims.get(d)!);
    this.names = new NodeNames(this.namer, p.userNames, this.inputs);
    this.names.claimUserNames();
    const firstArray = p.vars.find((v) => !isScalarShape(v.term.shape));
    this.like = firstArray ? this.inputs.get(firstArray.name)! : '';
  }
  claim(base: string): string {
    return this.namer.claim(base);
  }
  /** names for the locals of a check function: they may not be a parameter, a dimension or a module name */
  checkScope(): Namer {
    return new Namer([...PY_RESERVED, ...PY_HELPER_NAMES, ...MODULE_NAMES, ...this.inputs.values(), ...this.dims.values()]);
  }
  nodeName(t: Term): string {
    return this.names.name(t);
  }
  setName(t: Term, name: string): void {
    this.names.set(t, name);
  }
  inputName(t: Term): string {
    return this.names.input(t);
  }
  userNamed(t: Term): boolean {
    return this.p.userNames.has(t);
  }
  dim(d: Dim): PyExpr {
    const parts = d.split('*').map((f) => (/^\d+$/.test(f) ? f : this.dims.get(f)!));
    return parts.length === 1 ? py(parts[0]!) : py(parts.join(' * '), 12);
  }
  use(helper: string): void {
    this.helpers.add(helper);
  }
  /** the axes of a variable's array: a vector has one, a matrix two */
  axes(v: Variable): Dim[] {
    const s = v.term.shape;
    return isScalarShape(s) ? [] : s.cols === '1' ? [s.rows] : s.rows === '1' ? [s.cols] : [s.rows, s.cols];
  }
  /** the first variable and axis whose size is exactly dimension d */
  bindingOf(d: string): { v: Variable; axis: number } | undefined {
    for (const v of this.p.vars) {
      const axis = this.axes(v).indexOf(d);
      if (axis >= 0) return { v, axis };
    }
    return undefined;
  }
  shapeTuple(axes: readonly Dim[]): string {
    const parts = axes.map((d) => this.dim(d).e);
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  }
  shapeText(axes: readonly Dim[]): string {
    return axes.length === 1 ? `(${axes[0]},)` : `(${axes.join(', ')})`;
  }
  /** convert and guard one input (a variable or the direction, shaped like `v`) */
  readInput(v: Variable, local: string, label: string): string[] {
    if (isScalarShape(v.term.shape)) {
      if (this.lib === 'numpy') return [`${local} = float(${local})`];
      return [`${local} = torch.as_tensor(${local}, ${this.like ? `dtype=${this.like}.dtype, device=${this.like}.device` : 'dtype=torch.float64'})`];
    }
    this.use('_array');
    const axes = this.axes(v);
    return [`${local} = _array(${local}, ${literal(label)}, ${axes.length}, ${literal(this.shapeText(axes))})`];
  }
  /** the lines that convert every variable, read the dimensions off their shapes and check the rest */
  prologue(): string[] {
    const lines: string[] = [];
    const arrays = this.p.vars.filter((v) => !isScalarShape(v.term.shape));
    const scalars = this.p.vars.filter((v) => isScalarShape(v.term.shape));
    for (const v of [...arrays, ...scalars]) lines.push(...this.readInput(v, this.inputs.get(v.name)!, v.name));
    const bound = new Map<Variable, number[]>();
    for (const d of this.p.dims) {
      const b = this.bindingOf(d);
      if (b) bound.set(b.v, [...(bound.get(b.v) ?? []), b.axis]);
    }
    for (const [v, axesBound] of bound) {
      const axes = this.axes(v);
      const local = this.inputs.get(v.name)!;
      if (axesBound.length === axes.length && axes.length > 0 && new Set(axes).size === axes.length) lines.push(`${axes.map((d) => this.dims.get(d)).join(', ')}${axes.length === 1 ? ',' : ''} = ${local}.shape`);
      else for (const axis of axesBound) lines.push(`${this.dims.get(axes[axis]!)} = ${local}.shape[${axis}]`);
    }
    for (const v of arrays) {
      const axes = this.axes(v);
      const b = bound.get(v) ?? [];
      if (axes.every((d, i) => b.includes(i) && axes.indexOf(d) === i)) continue;
      lines.push(this.expectLine(v, this.inputs.get(v.name)!, v.name));
    }
    return lines;
  }
  expectLine(v: Variable, local: string, label: string): string {
    this.use('_expect');
    const axes = this.axes(v);
    return `_expect(${local}, ${literal(label)}, ${this.shapeTuple(axes)}, ${literal(this.shapeText(axes))})`;
  }
  /** `W, x, y` with the keyword dimensions */
  signature(extra: readonly string[] = [], options: readonly string[] = []): string {
    const kw = [...this.keywordDims, ...options];
    return [...this.params, ...extra, ...(kw.length ? ['*', ...kw] : [])].join(', ');
  }
  call(name: string, args: readonly string[]): string {
    return `${name}(${[...args, ...this.keywordDims.map((d) => `${d}=${d}`)].join(', ')})`;
  }
  /** a value returned to the caller: a Python float for a NumPy scalar */
  scalarOut(x: PyExpr): string {
    return this.lib === 'numpy' ? `float(${x.e})` : x.e;
  }
}

function body(mod: PyModule, roots: readonly Term[]): PyBody {
  return new PyBody(mod, roots);
}

/** A Python module for NumPy or PyTorch computing the problem's function and its derivatives. */
export function exportPython(p: Problem, lib: PyLib, opts: CodeOptions): string {
  const roots = [p.fn, ...p.gradients.map((g) => g.term), ...(p.action ? [p.action.term] : [])];
  assertSupported(roots, lib === 'torch' ? 'PyTorch' : 'NumPy');
  const mod = new PyModule(p, lib);
  const fns: string[][] = [];
  const value = mod.claim(p.fnName === 'f' ? 'value' : p.fnName);
  if (isScalarShape(p.fn.shape) && p.fn.op !== 'var' && p.fn.op !== 'num') mod.setName(p.fn, value);
  const doc = (s: string) => `    """${s}"""`;

  {
    const b = body(mod, [p.fn]);
    const x = isScalarShape(p.fn.shape) ? b.value(p.fn) : b.result(p.fn);
    fns.push([`def f(${mod.signature()}):`, doc(`The value of ${p.fnName === 'f' ? 'the function' : p.fnName}${isScalarShape(p.fn.shape) ? '' : ` (${p.fn.shape.rows}×${p.fn.shape.cols})`}.`), ...mod.prologue().map((l) => `    ${l}`), ...b.lines, `    return ${isScalarShape(p.fn.shape) ? mod.scalarOut(x) : x.e}`]);
  }
  const grads = p.gradients.map((g) => ({ g, v: p.vars.find((x) => x.name === g.wrt)!, local: mod.claim(`g${mod.inputName(p.vars.find((x) => x.name === g.wrt)!.term)}`) }));
  if (p.gradients.length) {
    const b = body(mod, roots.slice(0, 1 + p.gradients.length));
    const fx = b.value(p.fn);
    if (fx.e !== value) b.emit(`${value} = ${fx.e}`);
    for (const { g, v, local } of grads) {
      const x = b.result(g.term);
      b.emit(`${local} = ${isScalarShape(v.term.shape) ? mod.scalarOut(x) : x.e}`);
    }
    const gs = grads.map((g) => g.local);
    fns.push([
      `def fAndG(${mod.signature()}):`,
      doc(`(value, gradient): ${gs.length > 1 ? `the gradients (${gs.join(', ')}) in a tuple, each the shape of its variable` : `the gradient, the shape of ${grads[0]!.v.name}`}.`),
      ...mod.prologue().map((l) => `    ${l}`),
      ...b.lines,
      `    return ${mod.scalarOut(py(value))}, ${gs.length > 1 ? `(${gs.join(', ')})` : gs[0]}`,
    ]);
  }
  if (p.action) {
    const a = p.action;
    const name = p.kind === 'hessian' ? 'hvp' : 'jvp';
    const b = body(mod, [a.term]);
    const dirVar = { name: a.direction.name, term: p.vars.find((x) => x.name === a.wrt)!.term };
    const pro = [...mod.prologue(), ...mod.readInput(dirVar, mod.direction!, mod.direction!)];
    if (!isScalarShape(dirVar.term.shape)) pro.push(mod.expectLine(dirVar, mod.direction!, mod.direction!));
    const x = isScalarShape(a.term.shape) ? b.value(a.term) : b.result(a.term);
    fns.push([
      `def ${name}(${mod.signature([mod.direction!])}):`,
      doc(p.kind === 'hessian' ? `H[${mod.direction}]: the Hessian with respect to ${a.wrt} applied to ${mod.direction} (the shape of ${a.wrt}).` : `The Jacobian with respect to ${a.wrt} applied to ${mod.direction} (the shape of ${a.wrt}): d${p.fnName} along d${a.wrt} = ${mod.direction}.`),
      ...pro.map((l) => `    ${l}`),
      ...b.lines,
      `    return ${isScalarShape(a.term.shape) ? mod.scalarOut(x) : x.e}`,
    ]);
  }
  fns.push(...checks(mod, grads.map((g) => ({ v: g.v, local: g.local }))));
  const header = [...headerLines(p, lib, opts), '', ...conventionWords(mod)].map((l) => (l ? `# ${l}` : '#'));
  const imports = ['import math', '', lib === 'torch' ? 'import torch' : 'import numpy as np'];
  return [header.join('\n'), imports.join('\n'), ...fns.map((f) => f.join('\n')), ...pyHelperSource(mod.helpers, lib)].join('\n\n\n') + '\n';
}

/** check_gradient, check_jvp, check_hvp: against 4-point central differences along random directions */
function checks(mod: PyModule, grads: readonly { v: Variable; local: string }[]): string[][] {
  const p = mod.p;
  const torch = mod.lib === 'torch';
  const scope = mod.checkScope();
  const c = (s: string) => scope.claim(s);
  const [h, seed, trials, rng, V, s] = [c('h'), c('seed'), c('trials'), c(torch ? 'gen' : 'rng'), c('V'), c('s')];
  const options = [`${h}=1e-4`, `${seed}=0`, `${trials}=3`];
  mod.use('_central');
  mod.use('_rel_error');
  const convert = p.vars.flatMap((v) => (isScalarShape(v.term.shape) ? [] : mod.readInput(v, mod.inputName(v.term), v.name)));
  const start = [...convert.map((l) => `    ${l}`), torch ? `    ${rng} = torch.Generator().manual_seed(${seed})` : `    ${rng} = np.random.default_rng(${seed})`];
  /** a random direction for v, in the space it moves in */
  const direction = (v: Variable): string[] => {
    const x = mod.inputName(v.term);
    if (isScalarShape(v.term.shape)) return [torch ? `${V} = torch.randn((), generator=${rng}, dtype=torch.float64).item()` : `${V} = ${rng}.standard_normal()`];
    const lines = [torch ? `${V} = torch.randn(${x}.shape, generator=${rng}, dtype=torch.float64).to(${x})` : `${V} = ${rng}.standard_normal(${x}.shape)`];
    if (v.term.hasFact('symmetric') || v.term.hasFact('spd')) lines.push(`${V} = (${V} + ${V}.T) / 2`);
    if (v.term.hasFact('diagonal')) lines.push(`${V} = ${torch ? 'torch' : 'np'}.diag(${torch ? 'torch' : 'np'}.diag(${V}))`);
    return lines;
  };
  const moved = (v: Variable) => mod.call('f', p.vars.map((x) => (x === v ? `${mod.inputName(x.term)} + ${s} * ${V}` : mod.inputName(x.term))));
  const along = (g: string, v: Variable) => (isScalarShape(v.term.shape) ? `${g} * ${V}` : `${torch ? 'torch' : 'np'}.sum(${g} * ${V})`);
  const out: string[][] = [];
  const [value, grad, worst] = [c('value'), c('grad'), c('worst')];
  if (grads.length) {
    const lines = [
      `def check_gradient(${mod.signature([], options)}):`,
      '    """The largest relative error of fAndG\'s gradient against 4-point central differences of f (step h)',
      '    along `trials` random directions per variable: about 1e-8 or less when all is well."""',
      ...start,
      `    ${value}, ${grad} = ${mod.call('fAndG', mod.params)}`,
      ...(grads.length > 1 ? [`    ${grads.map((g) => g.local).join(', ')} = ${grad}`] : [`    ${grads[0]!.local} = ${grad}`]),
      `    ${worst} = 0.0`,
      `    for _ in range(${trials}):`,
    ];
    for (const g of grads) {
      lines.push(...direction(g.v).map((l) => `        ${l}`));
      lines.push(`        ${worst} = max(${worst}, _rel_error(_central(lambda ${s}: ${moved(g.v)}, ${h}), ${along(g.local, g.v)}, ${value}))`);
    }
    lines.push(`    return ${worst}`);
    out.push(lines);
  }
  if (p.action) {
    const a = p.action;
    const v = p.vars.find((x) => x.name === a.wrt)!;
    const hess = p.kind === 'hessian';
    const name = hess ? 'hvp' : 'jvp';
    const of = (args: readonly string[]) => (hess ? `${mod.call('fAndG', args)}[1]` : mod.call('f', args));
    const shifted = p.vars.map((x) => (x === v ? `${mod.inputName(x.term)} + ${s} * ${V}` : mod.inputName(x.term)));
    const scale = c('scale');
    out.push([
      `def check_${name}(${mod.signature([], options)}):`,
      `    """The largest relative error of ${name} against 4-point central differences of ${hess ? 'the gradient' : 'f'} (step h)`,
      '    along `trials` random directions: about 1e-8 or less when all is well."""',
      ...start,
      `    ${scale} = ${of(mod.params)}`,
      `    ${worst} = 0.0`,
      `    for _ in range(${trials}):`,
      ...direction(v).map((l) => `        ${l}`),
      `        ${worst} = max(${worst}, _rel_error(_central(lambda ${s}: ${of(shifted)}, ${h}), ${mod.call(name, [...mod.params, V])}, ${scale}))`,
      `    return ${worst}`,
    ]);
  }
  return out;
}

function conventionWords(mod: PyModule): string[] {
  const p = mod.p;
  const lib = mod.lib === 'torch' ? 'tensor' : 'array';
  const lines = [
    `Convention: a scalar is a float${mod.lib === 'torch' ? ' (a 0-d tensor inside)' : ''}, a vector (column or row) a 1-D ${lib} of its length, a matrix a 2-D ${lib}.`,
    `The parameters are the variables, in this order: ${mod.params.join(', ')}; the sizes are read off their shapes${mod.keywordDims.length ? ` (${mod.keywordDims.join(', ')}: keyword arguments, as no variable shows them)` : ''}.`,
  ];
  if (p.gradients.length) {
    lines.push(`fAndG returns (value, gradient)${p.gradients.length > 1 ? `, the gradients a tuple in the order ${p.gradients.map((g) => g.wrt).join(', ')}` : ''}; each gradient has its variable's shape.`);
  }
  const stable = stableForms(['log-sum-exp', 'softmax'], ['torch.logsumexp', 'torch.softmax']);
  if (p.action) lines.push(`${p.kind === 'hessian' ? 'hvp' : 'jvp'} takes the direction ${mod.direction} (${p.action.direction.name} above) after the variables, shaped like ${p.action.wrt}.`);
  lines.push(
    'A wrong shape raises a ValueError naming the variable and the shape expected.',
    `${stable.words} are computed in their stable forms${mod.lib === 'torch' ? ` (${stable.calls})` : ''}.`,
    `${[p.gradients.length ? 'check_gradient' : '', p.action ? (p.kind === 'hessian' ? 'check_hvp' : 'check_jvp') : ''].filter(Boolean).join(', ')}(…, h=1e-4, seed=0, trials=3) returns the largest relative error`,
    '  against central differences along random directions (about 1e-8 or less when all is well).',
  );
  return lines;
}
