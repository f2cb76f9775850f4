// Structured logs (pino). Secrets and personal data never reach them: request bodies are not logged, headers that
// carry credentials are redacted, and URLs are logged without their query string (searches can carry names).
import pino, { type Logger, type DestinationStream } from 'pino';

export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'recourse', ...base },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token', '*.secret'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0], ip: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }, destination as DestinationStream);
}
