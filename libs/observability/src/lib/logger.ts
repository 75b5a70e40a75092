import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values are never logged, wherever they appear. */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'apiKey',
  '*.apiKey',
  'api-key',
  '*["api-key"]',
  'req.headers["api-key"]',
  '*["x-api-key"]',
  'req.headers["x-api-key"]',
];

/** A JSON logger for one service: `{"level":30,"service":"gateway","msg":…}` on stdout (or `destination`). */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service, pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
