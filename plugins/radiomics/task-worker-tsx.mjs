// Worker bootstrap when running from TypeScript sources: registers tsx in this thread, then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./task-worker.ts');
