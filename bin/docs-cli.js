#!/usr/bin/env node
// Regenerates docs/cli.md from the command definitions (npm run docs:cli).
import { writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/cli/main.js';
import { renderCliReference } from '../dist/cli/reference.js';

const { program } = buildProgram({ stdout: process.stdout, stderr: process.stderr }, {});
writeFileSync(new URL('../docs/cli.md', import.meta.url), renderCliReference(program));
console.log('wrote docs/cli.md');
