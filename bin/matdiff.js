#!/usr/bin/env node
// The matdiff command: loads the TypeScript sources through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
// importing main.ts runs nothing: the command runs here, so tests can import its pieces
const { main } = await import('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2));
