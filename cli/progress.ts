/** Live run status on stderr: redrawn in place on a terminal, printed on change otherwise. */
import type { RunStatus } from '../core/run-status.js';
import { renderStatus } from './status-table.js';

export function statusPrinter(stream: NodeJS.WriteStream = process.stderr): { update(s: RunStatus): void; clear(): void } {
  let lastLines = 0;
  let last = '';
  return {
    update(s) {
      const text = renderStatus(s);
      const key = text.replace(/\d+(\.\d+)?s\b|\d+m\d+s/g, ''); // ignore ticking durations
      if (!stream.isTTY) {
        if (key !== last) stream.write(text + '\n\n');
        last = key;
        return;
      }
      if (lastLines) stream.write(`\x1b[${lastLines}A\x1b[J`);
      stream.write(text + '\n');
      lastLines = text.split('\n').length;
    },
    clear() {
      if (stream.isTTY && lastLines) stream.write(`\x1b[${lastLines}A\x1b[J`);
      lastLines = 0;
    },
  };
}
