#!/usr/bin/env node
// A JS shim so the bin works from any shell; Node 24 runs the TypeScript source directly.
import '../src/cli.ts';
