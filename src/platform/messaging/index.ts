// Delivery of messages to people. Email goes over SMTP (nodemailer) when SMTP_URL is set; SMS and voice go through
// a provider interface. The built-in development provider delivers nothing: it writes the message to
// platform.messages marked `not_delivered`, where the operator's outbox screen shows it.
import nodemailer, { type Transporter } from 'nodemailer';
import { newId } from '../ids.js';
import { sql, rows, type Tx } from '../db/index.js';
import { maskText, maskValue } from '../pii/index.js';

export type Channel = 'email' | 'sms' | 'voice';

export interface OutgoingMessage {
  tenantId: string;
  channel: Channel;
  to: string;
  subject?: string;
  body: string;
  /** What the message is for (password_reset, portal_otp, invitation, contact, …). */
  purpose: string;
  /** Secret-bearing messages (links, codes) are not kept in the outbox once really delivered. */
  sensitive?: boolean;
}

export interface DeliveryResult {
  id: string;
  status: 'sent' | 'not_delivered' | 'failed';
}

/** A channel provider: SMTP, an SMS gateway, a voice platform. Adapters live beside this file. */
export interface MessageProvider {
  readonly name: string;
  readonly delivers: boolean;
  send(msg: OutgoingMessage): Promise<void>;
}

export class DevOutboxProvider implements MessageProvider {
  readonly name = 'dev-outbox';
  readonly delivers = false;
  async send(): Promise<void> {}
}

export class SmtpProvider implements MessageProvider {
  readonly name = 'smtp';
  readonly delivers = true;
  private transport: Transporter;
  constructor(url: string, private from: string) {
    this.transport = nodemailer.createTransport(url);
  }
  async send(msg: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: msg.to, subject: msg.subject ?? '', text: msg.body });
  }
  close() {
    this.transport.close();
  }
}

export interface Messenger {
  send(tx: Tx, msg: OutgoingMessage): Promise<DeliveryResult>;
  providers: Record<Channel, MessageProvider>;
}

export function createMessenger(opts: { smtpUrl?: string; mailFrom: string; sms?: MessageProvider; voice?: MessageProvider }): Messenger {
  const dev = new DevOutboxProvider();
  const providers: Record<Channel, MessageProvider> = {
    email: opts.smtpUrl ? new SmtpProvider(opts.smtpUrl, opts.mailFrom) : dev,
    sms: opts.sms ?? dev,
    voice: opts.voice ?? dev,
  };
  return {
    providers,
    async send(tx, msg) {
      const p = providers[msg.channel];
      const id = newId('msg');
      let status: DeliveryResult['status'] = p.delivers ? 'sent' : 'not_delivered';
      let error: string | null = null;
      try {
        await p.send(msg);
      } catch (e) {
        status = 'failed';
        error = (e as Error).message.slice(0, 500);
      }
      const body = p.delivers && msg.sensitive ? '(sent; secret content not retained)' : msg.body;
      await tx.execute(sql`INSERT INTO platform.messages (tenant_id, id, channel, provider, recipient, subject, body, status, error, purpose)
        VALUES (${msg.tenantId}, ${id}, ${msg.channel}, ${p.name}, ${msg.to}, ${msg.subject ?? null}, ${body}, ${status}, ${error}, ${msg.purpose})`);
      return { id, status };
    },
  };
}

export interface OutboxRow {
  id: string;
  createdAt: string;
  channel: Channel;
  provider: string;
  recipient: string;
  subject: string | null;
  body: string;
  status: string;
  purpose: string;
  delivered: boolean;
}

/** Staff account mail (password resets) shows its address; every other recipient is a debtor or third party: masked (PI-22). */
function outboxRecipient(channel: Channel, purpose: string, to: string): string {
  if (purpose === 'password_reset') return to;
  return channel === 'email' ? maskValue('email', to) : maskValue('mobile', to);
}

export async function listOutbox(tx: Tx, limit: number): Promise<OutboxRow[]> {
  const r = await rows<Record<string, unknown>>(
    tx,
    sql`SELECT id, created_at, channel, provider, recipient, subject, body, status, purpose FROM platform.messages ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
  );
  return r.map((x) => ({
    id: String(x.id),
    createdAt: new Date(x.created_at as string).toISOString(),
    channel: x.channel as Channel,
    provider: String(x.provider),
    recipient: outboxRecipient(x.channel as Channel, String(x.purpose), String(x.recipient)),
    subject: (x.subject as string) ?? null,
    // Debtors' numbers and ID numbers never leave in clear through the outbox (PI-22); one-time codes stay readable.
    body: maskText(String(x.body)),
    status: String(x.status),
    purpose: String(x.purpose),
    delivered: x.status === 'sent',
  }));
}

/**
 * Retention purge (issue 9): overwrite the tenant's outbox messages sent to one of `values` (a debtor's contact values
 * and identifiers, in clear) or whose text carries one of the long ones. Names alone are too short to match other
 * people's messages safely, so values under 6 characters only match recipients. Returns how many were overwritten.
 */
export async function purgeOutboxMessages(tx: Tx, values: readonly string[], marker: string): Promise<number> {
  if (values.length === 0) return 0;
  const long = values.filter((n) => n.length >= 6);
  const digits = values.map((n) => n.replace(/\D/g, '')).filter((n) => n.length >= 7);
  const like = long.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return (await rows(tx, sql`UPDATE platform.messages SET recipient = ${marker}, subject = CASE WHEN subject IS NULL THEN NULL ELSE ${marker} END, body = ${marker}
    WHERE body <> ${marker} AND (
      recipient IN (SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))
      OR right(regexp_replace(recipient, '[^0-9]', '', 'g'), 11) IN (SELECT right(x, 11) FROM jsonb_array_elements_text(${JSON.stringify(digits)}::jsonb) AS x)
      OR body LIKE ANY (SELECT jsonb_array_elements_text(${JSON.stringify(like)}::jsonb))
      OR coalesce(subject, '') LIKE ANY (SELECT jsonb_array_elements_text(${JSON.stringify(like)}::jsonb)))
    RETURNING id`)).length;
}
