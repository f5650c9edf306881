// The layers of src/ (docs/ARCHITECTURE.md; the architecture issue), checked on the sources:
//  (a) no import cycle: the graph of relative imports (`import … from`, `import type … from`,
//      `export … from`, side-effect and dynamic imports; `.js` specifiers resolved to the `.ts`
//      files) has no strongly connected component of more than one file, nor a file importing
//      itself (Tarjan's algorithm); the message lists each cycle;
//  (b) no file in src/ over 400 lines ("small files with one responsibility", ../shared/GUIDE.md);
//  (c) the report layer (src/report/) and the checker (src/verify/) run no parser, differential or
//      identification of their own (the architecture issue, "one trace"): they import no module of
//      src/parse/ — the parser, the declarations, the elaboration, the AST — except
//      src/parse/suggest.ts (words for messages: "did you mean", Greek letter names), nor
//      src/engine/differential.ts nor src/engine/identify.ts. The report formats
//      derivation.trace() (src/engine/trace.ts); the checker reads claims and chain lines, and
//      gets differentials and gradients, through the engine (src/engine/setting.ts,
//      src/engine/chain-setting.ts, gradientsOf in src/engine/derive.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX_LINES = 400;

/** every .ts file under src/, as a path relative to the repository (`src/core/term.ts`) */
function sources(dir = join(root, 'src')): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) return sources(p);
      return f.endsWith('.ts') && !f.endsWith('.d.ts') ? [relative(root, p).split('\\').join('/')] : [];
    });
}

// `import x from '…'`, `import type { A } from '…'`, `import * as b from '…'`, `import x, { y } from '…'`,
// `export { a } from '…'`, `export type { A } from '…'`, `export * from '…'`, `export * as n from '…'`
const FROM = /\b(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\}|[\w$]+)\s+from\s*['"]([^'"]+)['"]/g;
// `import '…'` (for its effects) and `import('…')`
const BARE = /\bimport\s*(?:\(\s*)?['"]([^'"]+)['"]/g;

/** the source without its comments (so an example in a comment is no import) */
const uncommented = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The files of src/ a file imports (relative specifiers only; `.js` resolved to `.ts`). */
function importsOf(file: string): string[] {
  const text = uncommented(readFileSync(join(root, file), 'utf8'));
  const specs = [...text.matchAll(FROM), ...text.matchAll(BARE)].map((m) => m[1]!).filter((s) => s.startsWith('.'));
  const out = new Set<string>();
  for (const spec of specs) {
    const abs = resolve(dirname(join(root, file)), spec);
    const candidates = spec.endsWith('.js') ? [abs.replace(/\.js$/, '.ts')] : [abs, `${abs}.ts`, join(abs, 'index.ts')];
    const hit = candidates.find((c) => c.endsWith('.ts') && existsSync(c));
    if (hit) out.add(relative(root, hit).split('\\').join('/'));
  }
  return [...out].sort();
}

const files = sources();
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Tarjan's strongly connected components of the import graph. */
function components(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      out.push(c.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** one cycle through the first file of a component, as a path of imports back to it */
function cycleIn(component: readonly string[], g: ReadonlyMap<string, readonly string[]>): string[] {
  const inside = new Set(component);
  const start = component[0]!;
  // breadth first, so the cycle shown is a shortest one
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of g.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

test('layers: the import graph of src/ is read (sanity of the reader)', () => {
  assert.ok(files.length > 80, `${files.length} files in src/`);
  assert.ok(graph.get('src/parse/elaborate.ts')!.includes('src/parse/ast.ts'), 'an `import type` is an edge');
  assert.ok(graph.get('src/index.ts')!.length > 5, 'src/index.ts imports and re-exports');
  // an edge to a file that does not exist would be a misread specifier
  for (const [f, to] of graph) for (const t of to) assert.ok(graph.has(t), `${f} → ${t}`);
});

test('layers: no import cycle in src/', () => {
  const cycles = components(graph).filter((c) => c.length > 1 || (graph.get(c[0]!) ?? []).includes(c[0]!));
  const words = cycles.map((c) => `  ${cycleIn(c, graph).join(' → ')}${c.length > 2 ? `\n    (the cycle's component: ${c.join(', ')})` : ''}`);
  assert.ok(cycles.length === 0, `${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} in src/:\n${words.join('\n')}`);
});

test(`layers: no file in src/ over ${MAX_LINES} lines`, () => {
  const long = files
    .map((f) => {
      const text = readFileSync(join(root, f), 'utf8');
      // lines as `wc -l` counts them (a last line without a newline counts too)
      return { f, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) };
    })
    .filter((x) => x.lines > MAX_LINES);
  assert.ok(long.length === 0, `files over ${MAX_LINES} lines: ${long.map((x) => `${x.f} (${x.lines} lines)`).join(', ')}`);
});

/** the modules only the engine may call: reading a program (all of src/parse/ but the message words), the differential, identification */
const MESSAGE_WORDS = ['src/parse/suggest.ts'];
const PIPELINE = [...files.filter((f) => f.startsWith('src/parse/') && !MESSAGE_WORDS.includes(f)), 'src/engine/differential.ts', 'src/engine/identify.ts'];

/** the files of report/ and verify/ that import a module of the pipeline, with what they import */
function pipelineCallers(): string[] {
  return files
    .filter((f) => f.startsWith('src/report/') || f.startsWith('src/verify/'))
    .flatMap((f) => {
      const hits = graph.get(f)!.filter((t) => PIPELINE.includes(t));
      return hits.length ? [`${f} imports ${hits.join(', ')}`] : [];
    });
}

test('layers: the pipeline list covers the parser and its sub-modules', () => {
  for (const f of ['src/parse/parser.ts', 'src/parse/expressions.ts', 'src/parse/declarations.ts', 'src/parse/elaborate.ts', 'src/parse/ast.ts']) assert.ok(PIPELINE.includes(f), f);
  assert.ok(!PIPELINE.includes('src/parse/suggest.ts'));
});

test('layers: report/ and verify/ call no parser, differential or identification of their own', () => {
  const callers = pipelineCallers();
  assert.ok(callers.length === 0, `report/ and verify/ must replay the trace, not run the pipeline:\n  ${callers.join('\n  ')}`);
});

test.run();
