// Helpers for the cases HTTP tests (import only from *.test.ts): multipart bodies for inject.
import { randomBytes } from 'node:crypto';

/** A multipart/form-data body with text fields and at most one file part named "file". */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer | string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----recourse${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
