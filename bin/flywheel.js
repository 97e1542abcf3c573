#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
import { dropOutputOnClosedPipe } from '../dist/cli/pipe.js';

dropOutputOnClosedPipe();

process.exitCode = await main(process.argv.slice(2));
