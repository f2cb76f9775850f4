// Structured logs (pino). Secrets and personal data never reach them: request bodies and query strings are not
// logged, headers that carry credentials are redacted, errors are logged through `safeError` (a failed query's
// parameters become a count and a digest), and every string that does reach a log line is passed through the PII
// detectors (ID numbers, phones, cards, e-mails are masked) as a last line of defence.
import { createHash } from 'node:crypto';
import pino, { type Logger, type DestinationStream } from 'pino';
import { maskText } from './pii/index.js';

const MAX_DEPTH = 6;

/** Masks personal data in every string of a log object (keys kept; depth-bounded). */
export function maskLogObject(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.length > 0 ? maskText(v) : v;
  if (!v || typeof v !== 'object' || depth > MAX_DEPTH) return v;
  if (v instanceof Error) return safeError(v);
  if (Array.isArray(v)) return v.map((x) => maskLogObject(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = maskLogObject(x, depth + 1);
  return out;
}

const FAILED_QUERY = /^Failed query: ([\s\S]*?)\nparams: ([\s\S]*)$/;

/** A loggable form of an error: the SQL of a failed query without its parameters (count + digest), PII masked. */
export function safeMessage(message: string): string {
  const m = FAILED_QUERY.exec(message);
  const text = m
    ? `Failed query: ${m[1]} [params: ${m[2] ? m[2].split(',').length : 0} values, sha256 ${createHash('sha256').update(m[2]).digest('hex').slice(0, 16)}]`
    : message;
  return maskText(text);
}

export function safeError(e: unknown): { message: string; code?: string; cause?: string; stack?: string } {
  const err = e as { message?: unknown; code?: unknown; cause?: { message?: unknown }; stack?: unknown } | undefined;
  const message = safeMessage(String(err?.message ?? e));
  const frames = typeof err?.stack === 'string' ? err.stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n') : undefined;
  return {
    message,
    ...(typeof err?.code === 'string' ? { code: err.code } : {}),
    ...(err?.cause && typeof err.cause.message === 'string' ? { cause: safeMessage(err.cause.message) } : {}),
    ...(frames ? { stack: frames } : {}),
  };
}

export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'recourse', ...base },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token', '*.secret'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({ id: req.id, method: req.method, path: maskText(String(req.url).split('?')[0]), ip: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (e: unknown) => (e instanceof Error ? safeError(e) : e),
    },
    // The message string too (a library may log an error's message as the message).
    hooks: {
      logMethod(args, method) {
        return method.apply(this, args.map((a) => (typeof a === 'string' ? safeMessage(a) : a)) as Parameters<typeof method>);
      },
    },
    // pino calls this before the serializers: req, res and err are left to theirs (which keep only safe fields).
    formatters: {
      log: (obj) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) out[k] = k === 'req' || k === 'res' || k === 'err' ? v : maskLogObject(v);
        return out;
      },
    },
  }, destination as DestinationStream);
}
