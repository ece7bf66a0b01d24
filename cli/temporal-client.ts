/** A Temporal client for the CLI: TEMPORAL_ADDRESS or the embedded dev server. */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { Command } from 'commander';
import { resolveTemporal, type TemporalTarget } from '../core/temporal/dev-server.js';
import { encryptionDataConverter } from '../core/temporal/encryption-codec.js';

export interface ConnectionFlags {
  address?: string;
  namespace?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
}

/** The flags every command that talks to Temporal accepts (read back as ConnectionFlags). */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--address <host:port>', 'Temporal frontend (default TEMPORAL_ADDRESS, else the embedded server)')
    .option('--namespace <ns>', 'Temporal namespace (default TEMPORAL_NAMESPACE or "default")')
    .option('--tls-cert <file>', 'client certificate for mTLS')
    .option('--tls-key <file>', 'client key for mTLS')
    .option('--tls-ca <file>', 'server CA for mTLS');
}

export async function targetFromFlags(flags: ConnectionFlags, opts: { start?: boolean } = {}): Promise<TemporalTarget> {
  if (flags.address) return { address: flags.address, namespace: flags.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default', embedded: false };
  const t = await resolveTemporal(opts);
  return flags.namespace ? { ...t, namespace: flags.namespace } : t;
}

export function tlsFromFlags(flags: ConnectionFlags): { cert: Buffer; key: Buffer; ca?: Buffer } | undefined {
  if (!flags.tlsCert && !flags.tlsKey) return undefined;
  if (!flags.tlsCert || !flags.tlsKey) throw new Error('mTLS needs both --tls-cert and --tls-key');
  return { cert: readFileSync(flags.tlsCert), key: readFileSync(flags.tlsKey), ...(flags.tlsCa ? { ca: readFileSync(flags.tlsCa) } : {}) };
}

export async function connectClient(target: TemporalTarget, tls?: ReturnType<typeof tlsFromFlags>): Promise<Client> {
  const connection = await Connection.connect({
    address: target.address,
    ...(tls ? { tls: { clientCertPair: { crt: tls.cert, key: tls.key }, ...(tls.ca ? { serverRootCACertificate: tls.ca } : {}) } } : {}),
  });
  return new Client({ connection, namespace: target.namespace, dataConverter: encryptionDataConverter() });
}
