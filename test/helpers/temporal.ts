/**
 * A real Temporal dev server per test file (in-memory, headless, on a free port), started from
 * the installed Temporal CLI, plus helpers to run studies against it.
 */
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../core/temporal/dev-server.js';
import { encryptionDataConverter } from '../../core/temporal/encryption-codec.js';
import { generateSyntheticStudy } from '../../datasets/synthetic/index.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

export interface TestTemporal {
  server: DevServer;
  address: string;
  namespace: string;
  client: Client;
  stop(): Promise<void>;
}

export async function startTestTemporal(): Promise<TestTemporal> {
  const server = await startDevServer({ port: await freePort(), uiPort: 0, dbFile: null });
  const connection = await Connection.connect({ address: server.address });
  // The same data converter as the workers: with encryption keys in the environment, both encrypt.
  const client = new Client({ connection, namespace: 'default', dataConverter: encryptionDataConverter() });
  return {
    server, address: server.address, namespace: 'default', client,
    async stop() {
      await connection.close();
      await server.stop();
    },
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cohortflow-${prefix}-`));
}

/** A small synthetic study: 3 sites × `cases` cases of 32×32×16 voxels. */
export async function smallSyntheticStudy(opts: { cases?: number; corruptCases?: string[]; sites?: string[] } = {}): Promise<{ dataRoot: string; sites: Record<string, string> }> {
  const dataRoot = tempDir('data');
  const siteNames = opts.sites ?? ['north', 'south', 'east'];
  await generateSyntheticStudy({ outDir: dataRoot, sites: siteNames, casesPerSite: opts.cases ?? 12, seed: 11, size: [32, 32, 16], corruptCases: opts.corruptCases ?? [] });
  return { dataRoot, sites: Object.fromEntries(siteNames.map((s) => [s, join(dataRoot, s)])) };
}
