#!/usr/bin/env node
// The tsappa command. Kept tiny: the CLI lives in ../dist (built by `npm ci` via `prepare`).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
