// The playground page (docs/playground.md): derive, explain and judge, entirely in the browser.
// scripts/playground.mjs bundles this file, matdiff's public entry and its dependencies into one
// classic script inlined in dist/playground/index.html (a module script would not load from a
// file:// URL). The page state lives in the URL hash (state.ts); every edit recomputes after a
// short pause; body[data-state] is `pending` until the page shows what the inputs say, then `ready`.
import { analyze, compute, judge, type Failure, type Place, type VariableView } from './compute.js';
import { createEditor } from './editor.js';
import { EXAMPLES } from './examples.js';
import { renderResult, renderShapes, showError, h } from './render.js';
import { fromHash, toHash, WHATS, type State, type What } from './state.js';
import { renderVerdict } from './verdict.js';

const DEBOUNCE_MS = 300;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

const ui = {
  examples: byId<HTMLSelectElement>('examples'),
  vars: byId<HTMLInputElement>('vars'),
  wrt: byId<HTMLSelectElement>('wrt'),
  claim: byId<HTMLTextAreaElement>('claim'),
  shapes: byId('shapes-body'),
  shapesTable: byId('shapes'),
  declare: byId<HTMLButtonElement>('declare'),
  run: byId<HTMLButtonElement>('run'),
  result: byId('result-body'),
  verdict: byId('verdict'),
  errors: { fn: byId('fn-error'), vars: byId('vars-error'), claim: byId('claim-error'), result: byId('result-error') } satisfies Record<Place, HTMLElement>,
};

const editor = createEditor(byId('fn-editor'), 'fn-label', () => edited());
byId('fn-label').addEventListener('click', () => editor.view.focus());

let variables: readonly VariableView[] = [];
/** the variable asked for (by the hash, an example or the user), kept while the function changes */
let wantedWrt = '';
let timer: ReturnType<typeof setTimeout> | undefined;
/** the hash this page last wrote (a hashchange to anything else is a link being followed) */
let ownHash = '';

function what(): What {
  const checked = document.querySelector<HTMLInputElement>('input[name="what"]:checked');
  return checked && (WHATS as readonly string[]).includes(checked.value) ? (checked.value as What) : 'gradient';
}

function readState(): State {
  return { fn: editor.get(), vars: ui.vars.value, wrt: wantedWrt, what: what(), claim: ui.claim.value };
}

function writeState(s: State): void {
  editor.set(s.fn);
  ui.vars.value = s.vars;
  ui.claim.value = s.claim;
  wantedWrt = s.wrt;
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name="what"]')) r.checked = r.value === s.what;
}

function setBusy(): void {
  document.body.dataset.state = 'pending';
}

/** an input changed: recompute after a pause */
function edited(): void {
  setBusy();
  ui.examples.value = '';
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

/** names defined in the function (`s = …`), but not the last statement: intermediates derive() accepts as wrt */
function intermediates(fn: string): string[] {
  const statements = fn.split(/[;\n]/).filter((x) => x.trim() && !x.trim().startsWith('#'));
  return statements.slice(0, -1).flatMap((x) => /^\s*([^\s=#]+)\s*=(?!=)/.exec(x)?.[1] ?? []);
}

/** the options of "With respect to": the function's variables, and an intermediate asked for by name */
function fillWrt(vars: readonly VariableView[], fn: string): string {
  const names = vars.map((v) => v.name);
  const extra = wantedWrt && !names.includes(wantedWrt) && intermediates(fn).includes(wantedWrt) ? [wantedWrt] : [];
  const chosen = names.includes(wantedWrt) || extra.length ? wantedWrt : (names[0] ?? '');
  ui.wrt.replaceChildren(...names.map((n) => h('option', { value: n }, n)), ...extra.map((n) => h('option', { value: n }, `${n} (an intermediate)`)));
  ui.wrt.value = chosen;
  ui.wrt.disabled = names.length + extra.length === 0;
  return chosen;
}

function place(f: Failure): void {
  showError(ui.errors[f.place], f);
}

function clearErrors(): void {
  for (const box of Object.values(ui.errors)) showError(box, undefined);
}

/** Recompute everything the inputs say, and show it. Never throws: every failure is shown in place. */
function run(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  try {
    const s = readState();
    clearErrors();
    const a = analyze(s);
    if (!a.ok) {
      place(a.error);
      ui.result.replaceChildren();
      renderVerdict(ui.verdict, undefined);
      remember(s);
      return;
    }
    variables = a.variables;
    renderShapes(ui.shapes, variables);
    ui.shapesTable.hidden = variables.length === 0;
    const wrt = fillWrt(variables, s.fn);
    const full = { ...s, wrt };
    remember(full);
    if (!wrt) {
      place({ place: 'result', text: 'error: the function has no variable to differentiate with respect to' });
      ui.result.replaceChildren();
      renderVerdict(ui.verdict, undefined);
      return;
    }
    const r = compute(full, wrt);
    if (r.ok) renderResult(ui.result, r.result);
    else {
      ui.result.replaceChildren();
      place(r.error);
    }
    if (s.claim.trim()) {
      const j = judge(full, wrt);
      renderVerdict(ui.verdict, j);
      if (!j.ok) place(j.error);
    } else renderVerdict(ui.verdict, undefined);
  } catch (e) {
    // a bug of the page itself: said where results go, never a blank page
    place({ place: 'result', text: `internal error (please report it): ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    document.body.dataset.state = 'ready';
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? '0') + 1);
  }
}

/** the state in the hash, so the address reproduces the page */
function remember(s: State): void {
  const hash = toHash(s);
  ownHash = hash;
  if (location.hash !== hash) history.replaceState(null, '', hash || location.pathname + location.search);
}

function load(s: State): void {
  writeState(s);
  setBusy();
  run();
}

/** "declare these": the inferred shapes written as declarations, to be edited */
function declareAll(): void {
  ui.vars.value = variables.map((v) => v.declaration).join('; ');
  edited();
}

function start(): void {
  ui.examples.append(...EXAMPLES.map((e) => h('option', { value: e.id }, e.label)));
  ui.examples.addEventListener('change', () => {
    const ex = EXAMPLES.find((e) => e.id === ui.examples.value);
    if (ex) {
      load(ex.state);
      ui.examples.value = ex.id;
    }
  });
  ui.vars.addEventListener('input', edited);
  ui.claim.addEventListener('input', edited);
  ui.wrt.addEventListener('change', () => {
    wantedWrt = ui.wrt.value;
    edited();
  });
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name="what"]')) r.addEventListener('change', edited);
  ui.run.addEventListener('click', () => {
    setBusy();
    run();
  });
  ui.declare.addEventListener('click', declareAll);
  // Ctrl/⌘ + Enter anywhere: compute now
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setBusy();
      run();
    }
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === ownHash) return;
    const s = fromHash(location.hash);
    if (s) load(s);
  });
  const fromLink = fromHash(location.hash);
  if (fromLink) load(fromLink);
  else {
    load(EXAMPLES[0]!.state);
    ui.examples.value = EXAMPLES[0]!.id;
  }
}

try {
  start();
} catch (e) {
  // a bug of the page itself: said where results go, never a blank page
  place({ place: 'result', text: `internal error (please report it): ${e instanceof Error ? e.message : String(e)}` });
  document.body.dataset.state = 'ready';
}
