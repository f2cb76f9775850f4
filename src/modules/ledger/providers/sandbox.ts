// Sandbox gateway: behaves like a real one for tests and demos. Intents pay the creditor escrow; `settle` produces a
// webhook signed with HMAC-SHA256 over "timestamp.body" exactly as a real provider would send it.
import { randomBytes } from 'node:crypto';
import { accounts } from '../postings.js';
import { signPayload, type PaymentGateway, type PaymentIntent, type SignedWebhook, type WebhookEvent } from './gateway.js';

export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  private readonly intents = new Map<string, PaymentIntent>();
  constructor(private readonly secret: string, private readonly clock: () => number = () => Math.floor(Date.now() / 1000)) {}

  createIntent(input: Omit<PaymentIntent, 'id' | 'payee'> & { id?: string }): PaymentIntent {
    const intent: PaymentIntent = { ...input, id: input.id ?? `pi_${randomBytes(8).toString('hex')}`, payee: accounts.escrow(input.creditorId) };
    this.intents.set(intent.id, intent);
    return intent;
  }

  /** The debtor paid (all or part of) an intent: the webhook the provider would POST to us. */
  settle(intentId: string, opts: { amountFen?: bigint; type?: WebhookEvent['type']; eventId?: string; at?: number } = {}): SignedWebhook {
    const i = this.intents.get(intentId);
    if (!i) throw new Error(`sandbox: no intent ${intentId}`);
    const at = opts.at ?? this.clock();
    const body = JSON.stringify({
      id: opts.eventId ?? `evt_${randomBytes(8).toString('hex')}`,
      type: opts.type ?? 'payment.succeeded',
      intentId: i.id,
      caseId: i.caseId,
      creditorId: i.creditorId,
      amountFen: String(opts.amountFen ?? i.amountFen),
      currency: i.currency,
      reference: i.reference,
      occurredAt: new Date(at * 1000).toISOString(),
      ...(i.tenantId ? { tenantId: i.tenantId } : {}),
    });
    return { body, signature: signPayload(this.secret, body, at) };
  }
}
