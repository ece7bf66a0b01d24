/**
 * `cohortflow codec-server [--port 8888] [--origin http://127.0.0.1:8233]`: the remote codec
 * endpoint for the Temporal Web UI (`temporal server start-dev --ui-codec-endpoint <url>`, or the
 * UI's "Codec Server" setting), the Temporal CLI (`--codec-endpoint <url>`) and the dashboard. It
 * decrypts with the keys of COHORTFLOW_ENCRYPTION_KEYS / COHORTFLOW_ENCRYPTION_KEY_FILE; with
 * COHORTFLOW_CODEC_TOKEN set, callers must send `Authorization: Bearer <token>`.
 */
import type { Command } from 'commander';
import { EncryptionCodec, EncryptionKeyError, KEY_FILE_ENV, KEYS_ENV } from '../../core/temporal/encryption-codec.js';
import { startCodecServer } from '../../core/temporal/codec-server.js';

export const CODEC_TOKEN_ENV = 'COHORTFLOW_CODEC_TOKEN';

interface CodecServerFlags {
  port: string;
  host: string;
  origin: string[];
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('codec-server')
    .description('serve /decode and /encode (Temporal remote codec protocol) so the Web UI and CLI can show encrypted payloads')
    .option('--port <port>', 'HTTP port', '8888')
    .option('--host <host>', 'interface to listen on (plain HTTP: keep it local, or put a TLS proxy in front)', '127.0.0.1')
    .option('--origin <url...>', 'origins allowed by CORS (the Web UI)', ['http://127.0.0.1:8233', 'http://localhost:8233'])
    .option('--quiet', 'do not log requests')
    .action(async (o: CodecServerFlags) => {
      const codec = EncryptionCodec.fromEnv();
      if (!codec) {
        throw new EncryptionKeyError(`no encryption keys: neither ${KEYS_ENV} nor ${KEY_FILE_ENV} is set`, {},
          `Set ${KEYS_ENV}=k1:<base64 of 32 bytes> (the same keys as the workers and clients) before starting the codec server`);
      }
      const token = process.env[CODEC_TOKEN_ENV] || undefined;
      const server = await startCodecServer({
        codec, port: Number(o.port), host: o.host, origins: o.origin, token,
        onRequest: o.quiet ? undefined : (r) => console.error(`${new Date().toISOString()} ${r.method} ${r.path} ${r.status}${r.payloads !== undefined ? ` ${r.payloads} payload(s)` : ''}${r.namespace ? ` ns=${r.namespace}` : ''}${r.error ? ` ${r.error}` : ''}`),
      });
      console.log(`Codec server on ${server.url} (keys ${codec.keyIds.join(', ')} from ${codec.source}, active ${codec.activeKeyId}); CORS for ${o.origin.join(', ')}; ${token ? 'bearer token required' : `no token (set ${CODEC_TOKEN_ENV} to require one)`}.`);
      console.log(`Web UI: temporal server start-dev --ui-codec-endpoint ${server.url}   CLI: temporal workflow show --codec-endpoint ${server.url}${token ? ' --codec-auth "Bearer $' + CODEC_TOKEN_ENV + '"' : ''} -w <id>`);
      const stop = async () => { await server.close(); process.exit(0); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await new Promise((r) => server.server.once('close', r));
    });
}
