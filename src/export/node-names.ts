// The names of the DAG's nodes in one exported module: the user's own name where a node has one
// (claimed once, before any generated name), else a base the node suggests (s for a sigmoid, Wx for
// W*x), made unique by the module's Namer. Shared by the JavaScript and the Python writers.
import type { Term } from '../core/term.js';
import { baseName } from './plan.js';
import type { Namer } from './names.js';

export class NodeNames {
  private readonly nodes = new Map<Term, string>();
  private readonly userClaimed = new Map<string, string>();
  constructor(
    private readonly namer: Namer,
    private readonly userNames: ReadonlyMap<Term, string>,
    /** each input variable's name in the module */
    private readonly inputs: ReadonlyMap<string, string>,
  ) {}
  /** the user's names for intermediates, in the program's order, claimed before any generated name */
  claimUserNames(): void {
    for (const name of new Set(this.userNames.values())) this.userClaimed.set(name, this.namer.claim(name));
  }
  /** t's name, given on first use */
  name(t: Term): string {
    let name = this.nodes.get(t);
    if (name) return name;
    const user = this.userNames.get(t);
    const claimed = user && this.userClaimed.get(user);
    if (claimed) {
      name = claimed;
      this.userClaimed.delete(user!);
    } else name = this.namer.claim(user ?? baseName(t, (u) => (u.op === 'var' ? this.inputs.get(u.name!) : this.nodes.get(u))));
    this.nodes.set(t, name);
    return name;
  }
  /** the module's name for the input variable t */
  input(t: Term): string {
    const name = this.inputs.get(t.name!);
    if (!name) throw new Error(`matdiff internal: no input named ${t.name}`);
    return name;
  }
  /** name node t (a result's own name), unless it has one */
  set(t: Term, name: string): void {
    if (!this.nodes.has(t)) this.nodes.set(t, name);
  }
}
