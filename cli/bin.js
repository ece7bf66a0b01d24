#!/usr/bin/env node
// The installed `cohortflow` binary: registers tsx so the TypeScript sources (and study files) load.
import { register } from 'tsx/esm/api';
register();
await import('./main.ts');
