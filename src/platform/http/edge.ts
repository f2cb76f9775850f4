// What every request meets before any route runs: security headers, refusal of NUL characters (PostgreSQL cannot
// store them in text, so one would otherwise surface as a 500 deep inside a use case), and problem+json answers for
// the errors Node and the router produce before Fastify's error handler is reached (431, 414, bad URL encoding).
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import { commonError } from '../errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyApp = FastifyInstance<any, any, any, any, any>;

const NUL = '\u0000';
const MAX_DEPTH = 64;

/** The field path of the first string (key or value) carrying a NUL, or null. Depth-bounded: deep bodies are fine. */
export function findNul(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === 'string') return v.includes(NUL) ? path : null;
  if (!v || typeof v !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(v)) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = findNul(v[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k.includes(NUL)) return `${path}.${k.replaceAll(NUL, '\\0')}`;
    const hit = findNul(x, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

function urlNulField(req: FastifyRequest): string | null {
  const [rawPath, rawQuery = ''] = req.url.split('?', 2);
  if (/%00|\u0000/i.test(rawQuery)) {
    for (const [k, v] of new URLSearchParams(rawQuery)) {
      if (k.includes(NUL) || v.includes(NUL)) return `query.${k.replaceAll(NUL, '\\0')}`;
    }
    return 'query';
  }
  if (/%00|\u0000/i.test(rawPath)) {
    const params = (req.params ?? {}) as Record<string, unknown>;
    const named = Object.keys(params).find((k) => typeof params[k] === 'string' && (params[k] as string).includes(NUL));
    return named ? `params.${named}` : 'path';
  }
  return null;
}

const nulError = (field: string) => commonError('VALIDATION_FAILED', { detail: `${field}: contains a NUL character (\\u0000), which is never valid here`, field });

/**
 * Refuses NUL in path, query and any string of a parsed body, for every route. Installed after access control so
 * that the refusal is audited under the caller who made it.
 */
export function installNulGuard(app: AnyApp) {
  app.addHook('preValidation', async (req) => {
    const field = urlNulField(req) ?? findNul(req.body, 'body');
    if (field) throw nulError(field);
  });
}

/**
 * Security headers (helmet): a CSP without inline script, no framing, nosniff, no Referer (reset links and case ids
 * stay on this site), and HSTS only on requests that arrived over HTTPS (directly or via a trusted proxy).
 */
export async function installSecurityHeaders(app: AnyApp, opts: { publicUrl: string }) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its CSS-in-JS as <style> elements; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  const httpsPublic = opts.publicUrl.startsWith('https:');
  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https' || httpsPublic) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

/** Errors Node's HTTP parser raises before there is a request object (431 header overflow, malformed request line). */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
  const code = status === 431 ? 'HEADERS_TOO_LARGE' : status === 408 ? 'REQUEST_TIMEOUT' : status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST';
  const body = JSON.stringify({ type: `https://recourse.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: http.STATUS_CODES[status], status, code });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
