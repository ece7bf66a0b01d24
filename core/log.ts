/** Structured logs (pino) on stderr; COHORTFLOW_LOG_LEVEL picks the level. */
import { pino, type Logger } from 'pino';

export const log: Logger = pino({ level: process.env.COHORTFLOW_LOG_LEVEL ?? 'warn', base: undefined }, pino.destination(2));
