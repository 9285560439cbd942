#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so the command works right after `npm ci`.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv);
