// Structured logs (pino). Secrets and personal data never reach them: request bodies are not logged, headers that
// carry credentials are redacted, URLs are logged without their query string (searches can carry names), and
// messages and top-level string fields pass the detectors at the eager log-scrubbing threshold (PI-08).
import pino, { type Logger, type DestinationStream } from 'pino';
import { scrubText } from './pii/index.js';

function scrubFields(obj: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') obj[k] = scrubText(v, 'log_scrub');
  const err = obj.err as { message?: unknown } | undefined;
  if (err && typeof err === 'object' && typeof err.message === 'string') err.message = scrubText(err.message, 'log_scrub');
  return obj;
}

export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'recourse', ...base },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token', '*.secret'],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') (args as unknown[])[i] = scrubText(args[i] as string, 'log_scrub');
        return method.apply(this, args);
      },
    },
    formatters: { log: scrubFields },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0], ip: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }, destination as DestinationStream);
}
