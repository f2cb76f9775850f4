// Email really leaves over SMTP: a real SMTP server (smtp-server) on loopback receives the password-reset mail,
// and the outbox keeps no secret once the message was delivered.
import { describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { testApp } from './support/app.js';
import { withTenant, rows, sql } from '../src/platform/db/index.js';

describe('SMTP delivery', async () => {
  const received: { to: string; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  const r = await testApp({ smtpUrl: `smtp://127.0.0.1:${port}`, publicUrl: 'https://collect.example.cn' });

  it('sends the one-time reset link by email and keeps no copy of it', async () => {
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { tenant: 'demo', email: 'legal@demo.recourse.test' } });
    expect(res.statusCode).toBe(202);
    expect(received).toHaveLength(1);
    expect(received[0].to).toBe('legal@demo.recourse.test');
    const link = /https:\/\/collect\.example\.cn\/t\/demo\/reset-password\?token=3D([A-Za-z0-9_=\r\n-]+)/.exec(received[0].raw) ?? /token=([A-Za-z0-9_-]+)/.exec(received[0].raw);
    expect(link).toBeTruthy();
    const kept = await withTenant(r.db, await tenantIdOf('demo'), (tx) =>
      rows<{ body: string; status: string; provider: string }>(tx, sql`SELECT body, status, provider FROM platform.messages WHERE purpose = 'password_reset' AND recipient = 'legal@demo.recourse.test' ORDER BY created_at DESC LIMIT 1`),
    );
    expect(kept[0]).toMatchObject({ status: 'sent', provider: 'smtp' });
    expect(kept[0].body).not.toContain('token=');
  });

  it('an unknown email gets the same answer and no mail', async () => {
    const before = received.length;
    const res = await r.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { tenant: 'demo', email: 'nobody@demo.recourse.test' } });
    expect(res.statusCode).toBe(202);
    expect(received.length).toBe(before);
  });

  async function tenantIdOf(slug: string): Promise<string> {
    const { withPlatform, one } = await import('../src/platform/db/index.js');
    const t = await withPlatform(r.db, (tx) => one<{ id: string }>(tx, sql`SELECT id FROM tenants.tenants WHERE slug = ${slug}`));
    return t!.id;
  }
});
