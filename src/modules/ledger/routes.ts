import { createHash } from 'node:crypto';
// HTTP routes of the ledger module: thin handlers over the use cases in this module (see docs/ARCHITECTURE.md).
// Money is a decimal string in JSON ("1234.56"), bigint fen inside. Every movement goes through postTransfers
// (idempotent, all-or-nothing, one evidence leaf per batch). COL-44: receipts land in the creditor escrow only and
// no collection fee is ever charged to the debtor.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { commonError } from '../../platform/errors.js';
import { withPlatform, withTenant, type Database, type Tx } from '../../platform/db/index.js';
import { DomainError } from '../../platform/errors.js';
import { findTenant, getCurrentTenant } from '../tenants/index.js';
import { GatewayPutBody, listGatewayConfigs, putGatewayConfig, type GatewayConfigView } from './gateway-config.js';
import { gatewayAnswer, handleNotification, outboundFor, providerFor } from './gateways.js';
import { GATEWAYS, REAL_GATEWAYS, type OutboundRequest } from './providers/adapter.js';
import { getReminderSettings, putReminderSettings, ReminderSettingsBody } from './reminders.js';
import { formatYuan, parseYuan } from '../../platform/money.js';
import { deriveSecret, type Secrets } from '../../platform/secrets.js';
import type { Role } from '../../platform/tenancy.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { getCase, getCreditor, creditorsOfUser } from '../cases/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { ledgerError } from './errors.js';
import { AgreementBody, Money, agreementOut, getCreditorAgreement, putCreditorAgreement } from './agreements.js';
import { caseIdForRef, getCaseLedger, refundPayment, reversePayment, type CaseLedger } from './case-ledger.js';
import { PAYMENT_METHODS, PROVIDERS, bookGatewayEvent, checkoutToken, createPaymentIntent, openCheckoutToken, sandboxWebhookFor, verifyGatewayWebhook } from './payments-in.js';
import { approve, createDisbursement, escrowSummaries, feeIncome, pendingDisbursements, recoveriesOverTime } from './finance.js';
import { buildCreditorStatement } from './statements.js';
import { statementPdf, statementXlsx } from './statement-files.js';
import { getReconciliation, importStatement, listReconciliations, resolveSuspense } from './bank-import.js';
import { acceptPlan, listPlanNotices, listPlans, proposePlan, type StoredPlan } from './plans.js';
import type { Disbursement } from './disbursements.js';

export interface LedgerRoutesDeps {
  db: Database;
  config: { publicUrl: string };
  queue: JobQueue;
  secrets: Secrets;
  keys: DebtorKeys;
}

/** The sandbox provider's webhook signing secret (derived per installation; a real provider's comes from its console). */
export function sandboxWebhookSecret(secrets: Secrets): string {
  return deriveSecret(secrets, 'ledger-webhook:sandbox').toString('hex');
}

const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
const CASE_READERS: Role[] = [...STAFF, 'creditor'];
const CORRECTORS: Role[] = ['tenant_admin', 'collector'];
const FINANCE: Role[] = ['tenant_admin', 'compliance_officer', 'creditor'];
const TREASURY: Role[] = ['tenant_admin', 'compliance_officer'];
const PLANNERS: Role[] = ['tenant_admin', 'collector', 'mediator', 'legal_officer'];

const Id = z.string().regex(/^[a-z]{2,6}_[0-9a-z]{26}$/, 'an id like case_…');
const IdParams = z.strictObject({ id: Id });
const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const yuan = formatYuan;

const PaymentOut = z.object({ paymentId: z.string(), valueDate: z.string(), bookedAt: z.string(), amount: z.string(), refunded: z.string(), reversed: z.boolean(), source: z.string(), reference: z.string().nullable() });
const AllocationOut = z.object({
  asOf: z.string(), order: z.array(z.string()),
  outstanding: z.object({ costs: z.string(), interest: z.string(), principal: z.string(), total: z.string() }),
  totals: z.object({ paid: z.string(), costs: z.string(), interest: z.string(), principal: z.string(), unapplied: z.string(), interestAccrued: z.string() }),
  lines: z.array(z.object({ paymentId: z.string(), valueDate: z.string(), amount: z.string(), costs: z.string(), interest: z.string(), principal: z.string(), unapplied: z.string() })),
});
const PlanOut = z.object({
  id: z.string(), caseId: z.string(), proposerKind: z.enum(['debtor', 'staff']), createdAt: z.string(), acceptedAt: z.string().nullable(), agreementVersion: z.number(),
  balance: z.string(), total: z.string(), discount: z.string(), termMonths: z.number(),
  instalments: z.array(z.object({ no: z.number(), dueDate: z.string(), amount: z.string(), status: z.string().nullable(), paid: z.string().nullable() })),
  assessment: z.object({ paid: z.string(), missedCount: z.number(), broken: z.boolean(), remaining: z.string(), completed: z.boolean() }).nullable(),
});
const CaseLedgerOut = z.object({
  caseId: z.string(), ref: z.string(), creditorId: z.string(), currency: z.string(), claimPlaced: z.string(), owed: z.string(), paid: z.string(),
  payments: z.array(PaymentOut), allocation: AllocationOut,
  fees: z.object({ agreementVersion: z.number(), netRecovered: z.string(), contingencyCharged: z.string(), fixedCharged: z.string(), basis: z.string() }),
  planBounds: z.object({ minInstalment: z.string(), maxTermMonths: z.number(), settlementFloorBps: z.number() }),
  plans: z.array(PlanOut),
});
const PortalLedgerOut = z.object({
  caseId: z.string(), ref: z.string(), currency: z.string(), owed: z.string(), paid: z.string(),
  itemised: z.object({ costs: z.string(), interest: z.string(), principal: z.string() }),
  payments: z.array(PaymentOut.pick({ valueDate: true, amount: true, refunded: true, reversed: true, source: true, reference: true })),
  methods: z.array(z.enum(PAYMENT_METHODS)),
  planBounds: z.object({ minInstalment: z.string(), maxTermMonths: z.number(), settlementFloorBps: z.number() }),
  plans: z.array(PlanOut),
  collectionFees: z.literal('0.00'),
});
const DisbursementOut = z.object({ id: z.string(), creditorId: z.string(), amount: z.string(), currency: z.string(), reference: z.string(), threshold: z.string(), requestedBy: z.string(), status: z.enum(['pending_approval', 'paid']), approvedBy: z.string().nullable(), transferId: z.string().nullable() });
const ReconciliationOut = z.object({
  id: z.string(), fileName: z.string(), createdAt: z.string(), lineCount: z.number(), report: z.string(), replayed: z.boolean(),
  summary: z.object({ matched: z.number(), suspense: z.number(), ignored: z.number() }),
  lines: z.array(z.object({ line: z.number(), date: z.string(), amount: z.string(), payer: z.string(), reference: z.string(), outcome: z.enum(['matched', 'suspense', 'ignored']), rule: z.string().nullable(), caseId: z.string().nullable(), transferId: z.string().nullable(), resolved: z.boolean() })),
});
const BookedOut = z.object({ replayed: z.boolean(), paymentId: z.string().nullable(), applied: z.string(), toSuspense: z.string(), feesCharged: z.string() });

function planOut(p: StoredPlan): z.infer<typeof PlanOut> {
  const a = p.assessment;
  return {
    id: p.id, caseId: p.caseId, proposerKind: p.proposerKind, createdAt: p.createdAt, acceptedAt: p.acceptedAt, agreementVersion: p.agreementVersion,
    balance: yuan(p.plan.balanceFen), total: yuan(p.plan.totalFen), discount: yuan(p.plan.discountFen), termMonths: p.plan.termMonths,
    instalments: p.plan.instalments.map((i) => {
      const s = a?.instalments.find((x) => x.no === i.no);
      return { no: i.no, dueDate: i.dueDate, amount: yuan(i.amountFen), status: s?.status ?? null, paid: s ? yuan(s.paidFen) : null };
    }),
    assessment: a ? { paid: yuan(a.paidFen), missedCount: a.missedCount, broken: a.broken, remaining: yuan(a.remainingFen), completed: a.completed } : null,
  };
}

function paymentOut(p: CaseLedger['payments'][number]) {
  return { paymentId: p.paymentId, valueDate: p.valueDate, bookedAt: p.bookedAt, amount: yuan(p.amountFen), refunded: yuan(p.refundedFen), reversed: p.reversed, source: p.source, reference: p.reference };
}

function boundsOut(l: CaseLedger) {
  const b = l.agreement.body.planBounds;
  return { minInstalment: b.minInstalment, maxTermMonths: b.maxTermMonths, settlementFloorBps: b.settlementFloorBps };
}

function caseLedgerOut(l: CaseLedger, plans: StoredPlan[]): z.infer<typeof CaseLedgerOut> {
  const a = l.allocation;
  return {
    caseId: l.caseId, ref: l.ref, creditorId: l.creditorId, currency: l.currency, claimPlaced: yuan(l.claimPlacedFen), owed: yuan(l.owedFen), paid: yuan(l.paidFen),
    payments: l.payments.map(paymentOut),
    allocation: {
      asOf: a.asOf, order: [...a.order],
      outstanding: { costs: yuan(a.outstanding.costsFen), interest: yuan(a.outstanding.interestFen), principal: yuan(a.outstanding.principalFen), total: yuan(a.outstanding.costsFen + a.outstanding.interestFen + a.outstanding.principalFen) },
      totals: { paid: yuan(a.totals.paidFen), costs: yuan(a.totals.costsFen), interest: yuan(a.totals.interestFen), principal: yuan(a.totals.principalFen), unapplied: yuan(a.totals.unappliedFen), interestAccrued: yuan(a.totals.interestAccruedFen) },
      lines: a.lines.map((x) => ({ paymentId: x.paymentId, valueDate: x.valueDate, amount: yuan(x.amountFen), costs: yuan(x.costsFen), interest: yuan(x.interestFen), principal: yuan(x.principalFen), unapplied: yuan(x.unappliedFen) })),
    },
    fees: { agreementVersion: l.fees.agreementVersion, netRecovered: yuan(l.fees.netRecoveredFen), contingencyCharged: yuan(l.fees.contingencyChargedFen), fixedCharged: yuan(l.fees.fixedChargedFen), basis: l.fees.explanation },
    planBounds: boundsOut(l), plans: plans.map(planOut),
  };
}

function disbursementOut(d: Disbursement): z.infer<typeof DisbursementOut> {
  return { id: d.id, creditorId: d.creditorId, amount: yuan(d.amountFen), currency: d.currency, reference: d.reference, threshold: yuan(d.thresholdFen), requestedBy: d.requestedBy, status: d.status, approvedBy: d.approvedBy ?? null, transferId: d.transferId ?? null };
}

/** A debtor acts only on the case they signed in with; staff on any case of their tenant. Throws CASES_NOT_FOUND / FORBIDDEN. */
async function visibleCase(tx: Tx, req: FastifyRequest, keys: DebtorKeys, caseId: string): Promise<void> {
  const p = requirePrincipal(req);
  const c = await getCase(tx, caseId);
  if (p.role === 'debtor' && p.subject?.toUpperCase() !== c.ref) throw commonError('FORBIDDEN', { detail: 'debtors may only act on their own case' });
  void keys;
}

function money(field: string, s: string): bigint {
  try {
    return parseYuan(s);
  } catch {
    throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: `${field} is not an amount`, extra: { field } });
  }
}

export async function ledgerRoutes(app: App, deps: LedgerRoutesDeps): Promise<void> {
  const { db, keys } = deps;
  const webhookSecret = sandboxWebhookSecret(deps.secrets);
  const checkoutSecret = deriveSecret(deps.secrets, 'ledger-sandbox-checkout').toString('hex');
  const now = () => Math.floor(Date.now() / 1000);
  // A creditor user sees only the creditors it is linked to (cases.creditor_users); staff see every creditor.
  // Anything else answers 404, as for an id of another tenant.
  const creditorScope = async (tx: Tx, req: FastifyRequest): Promise<Set<string> | null> => {
    const p = requirePrincipal(req);
    if (p.role !== 'creditor') return null;
    return new Set((await creditorsOfUser(tx, p.userId)).map((c) => c.id));
  };
  const assertCreditorVisible = async (tx: Tx, req: FastifyRequest, creditorId: string) => {
    const scope = await creditorScope(tx, req);
    if (scope && !scope.has(creditorId)) throw ledgerError('LEDGER_NOT_FOUND', { detail: 'no such creditor' });
  };

  // ---- case ledger ----
  app.get('/api/v1/cases/:id/ledger', {
    config: { access: { roles: CASE_READERS, apiKeyScope: 'cases:read' } },
    schema: { tags: ['ledger'], summary: 'Case balance, payment history and the Civil Code art 561 allocation (costs → interest → principal), with the fee basis', params: IdParams, response: { 200: CaseLedgerOut } },
  }, async (req) => req.inTenant(async (tx) => {
    if (requirePrincipal(req).role === 'creditor') await assertCreditorVisible(tx, req, (await getCase(tx, req.params.id)).creditor.id);
    return caseLedgerOut(await getCaseLedger(tx, req.params.id), await listPlans(tx, req.params.id));
  }));

  app.post('/api/v1/payments/:id/reverse', {
    config: { access: { roles: CORRECTORS, scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Reverse a payment booked in error (both legs, linked); the fee charged on it is given back', params: IdParams,
      body: z.strictObject({ reason: z.string().trim().min(2).max(500) }), response: { 200: z.object({ reversalIds: z.array(z.string()), feesRefunded: z.string() }) } },
  }, async (req) => {
    const r = await req.inTenant((tx) => reversePayment(tx, req.params.id, req.body.reason, requirePrincipal(req).userId));
    return { reversalIds: r.reversalIds, feesRefunded: yuan(r.feesRefundedFen) };
  });

  app.post('/api/v1/payments/:id/refund', {
    config: { access: { roles: CORRECTORS, scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Refund (part of) a payment to the payer; fees recomputed on the lower recovery, never charged twice', params: IdParams,
      body: z.strictObject({ amount: Money, reason: z.string().trim().min(2).max(500), idempotencyKey: z.string().trim().min(1).max(100) }),
      response: { 200: z.object({ refundId: z.string(), replayed: z.boolean(), feesRefunded: z.string() }) } },
  }, async (req) => {
    const r = await req.inTenant((tx) => refundPayment(tx, req.params.id, { amountFen: money('amount', req.body.amount), reason: req.body.reason, idempotencyKey: req.body.idempotencyKey }, requirePrincipal(req).userId));
    return { refundId: r.refundId, replayed: r.replayed, feesRefunded: yuan(r.feesRefundedFen) };
  });

  // ---- debtor portal ----
  app.get('/api/v1/portal/ledger', {
    config: { access: { roles: ['debtor'] } },
    schema: { tags: ['ledger', 'portal'], summary: 'What I owe (itemised), my payments and plans; no collection fee is charged to me (COL-44)', response: { 200: PortalLedgerOut } },
  }, async (req) => req.inTenant(async (tx) => {
    const caseId = await caseIdForRef(tx, keys, requirePrincipal(req).subject ?? '');
    const l = await getCaseLedger(tx, caseId);
    const o = l.allocation.outstanding;
    return {
      caseId: l.caseId, ref: l.ref, currency: l.currency, owed: yuan(l.owedFen), paid: yuan(l.paidFen),
      itemised: { costs: yuan(o.costsFen), interest: yuan(o.interestFen), principal: yuan(o.principalFen) },
      payments: l.payments.map(({ paymentId: _p, bookedAt: _b, ...rest }) => paymentOut({ ...rest, paymentId: '', bookedAt: '' })).map(({ paymentId: _x, bookedAt: _y, ...rest }) => rest),
      methods: [...PAYMENT_METHODS], planBounds: boundsOut(l), plans: (await listPlans(tx, caseId)).map(planOut), collectionFees: '0.00' as const,
    };
  }));

  const GatewayOut = z.union([
    z.object({ kind: z.literal('redirect'), method: z.enum(['GET', 'POST']), url: z.string(), fields: z.record(z.string(), z.string()) }),
    z.object({ kind: z.literal('qr'), codeUrl: z.string().nullable() }),
    z.object({ kind: z.literal('bank_transfer'), accountName: z.string(), bankName: z.string(), accountNo: z.string(), reference: z.string(), amount: z.string(), currency: z.string() }),
  ]);
  const portalGateway = (r: OutboundRequest, qr: string | null): z.infer<typeof GatewayOut> => {
    if (r.kind === 'redirect') return { kind: 'redirect', method: r.method, url: r.url, fields: r.fields };
    if (r.kind === 'api') return { kind: 'qr', codeUrl: qr };
    return { kind: 'bank_transfer', accountName: r.accountName, bankName: r.bankName, accountNo: r.accountNo, reference: r.reference, amount: r.amount, currency: r.currency };
  };
  const webhookUrl = (gateway: string, slug: string) => `${deps.config.publicUrl.replace(/\/$/, '')}/api/v1/payments/webhooks/${gateway}/${slug}`;

  app.post('/api/v1/portal/payments', {
    config: { access: { roles: ['debtor'] }, rateLimit: { max: 20, windowMs: 60_000 } },
    schema: { tags: ['ledger', 'portal'], summary: 'Start a payment for my case: the gateway request (Alipay / UnionPay redirect, WeChat Pay QR, bank transfer instructions) or the sandbox checkout; payee is the creditor escrow (COL-44)',
      body: z.strictObject({ amount: Money, method: z.enum(PAYMENT_METHODS), returnTo: z.string().regex(/^\/[A-Za-z0-9/_\-?=&.]*$/).max(200).optional() }),
      response: { 201: z.object({ intentId: z.string(), amount: z.string(), method: z.enum(PAYMENT_METHODS), provider: z.string(), payee: z.string(), reference: z.string(), checkoutUrl: z.string().nullable(), gateway: GatewayOut.nullable() }) } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const { intent, out } = await req.inTenant(async (tx) => {
      const provider = await providerFor(tx, req.body.method);
      const i = await createPaymentIntent(tx, { caseId: await caseIdForRef(tx, keys, p.subject ?? ''), amountFen: money('amount', req.body.amount), method: req.body.method, provider });
      if (provider === 'sandbox') return { intent: i, out: null };
      const slug = (await getCurrentTenant(tx)).slug;
      const o = await outboundFor(tx, deps.secrets, i, { notifyUrl: webhookUrl(provider, slug), returnUrl: `${deps.config.publicUrl.replace(/\/$/, '')}${req.body.returnTo ?? `/t/${slug}/portal`}` });
      return { intent: i, out: o };
    });
    const base = { intentId: intent.id, amount: yuan(intent.amountFen), method: intent.method, provider: intent.provider, payee: `escrow:creditor:${intent.creditorId}`, reference: intent.reference };
    if (out) return reply.code(201).send({ ...base, checkoutUrl: out.redirectUrl, gateway: portalGateway(out.request, out.qrCodeUrl) });
    const token = checkoutToken(checkoutSecret, intent, now() + 30 * 60);
    const back = req.body.returnTo ? `&returnTo=${encodeURIComponent(req.body.returnTo)}` : '';
    return reply.code(201).send({ ...base, checkoutUrl: `/api/v1/payments/sandbox/checkout?session=${token}${back}`, gateway: null });
  });

  // ---- per-tenant gateway configuration (keys stored encrypted, never returned) ----
  const GatewayConfigOut = z.object({ gateway: z.enum(GATEWAYS), enabled: z.boolean(), version: z.number(), settings: z.record(z.string(), z.string()), secretsSet: z.array(z.string()), secretsRequired: z.array(z.string()), updatedAt: z.string().nullable(), updatedBy: z.string().nullable(), webhookUrl: z.string().nullable() });
  const configOut = (v: GatewayConfigView, slug: string) => ({ ...v, webhookUrl: v.gateway === 'bank_transfer' ? null : webhookUrl(v.gateway, slug) });
  app.get('/api/v1/ledger/gateways', {
    config: { access: { roles: TREASURY } },
    schema: { tags: ['ledger'], summary: 'Payment gateways of the tenant: enabled, merchant settings, which keys are set (never their values), the webhook URL to give each gateway', response: { 200: z.object({ items: z.array(GatewayConfigOut), live: z.boolean() }) } },
  }, async (req) => req.inTenant(async (tx) => {
    const slug = (await getCurrentTenant(tx)).slug;
    return { items: (await listGatewayConfigs(tx)).map((v) => configOut(v, slug)), live: process.env.RECOURSE_PAYMENTS_LIVE === '1' };
  }));

  app.put('/api/v1/ledger/gateways/:gateway', {
    config: { access: { roles: ['tenant_admin'], scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Configure a payment gateway (new version): settings, keys (write-only; omitted keys are kept), enabled', params: z.strictObject({ gateway: z.enum(GATEWAYS) }), body: GatewayPutBody, response: { 200: GatewayConfigOut } },
  }, async (req) => req.inTenant(async (tx) => configOut(await putGatewayConfig(tx, deps.secrets, req.params.gateway, req.body, requirePrincipal(req).userId), (await getCurrentTenant(tx)).slug)));

  // ---- plan reminder settings ----
  const ReminderOut = z.object({ daysBefore: z.number(), channel: z.enum(['sms', 'email']), version: z.number() });
  app.get('/api/v1/ledger/reminder-settings', {
    config: { access: { roles: TREASURY } },
    schema: { tags: ['ledger'], summary: 'How payment-plan reminders go out: days before each due date and the channel (through the compliance gate)', response: { 200: ReminderOut } },
  }, async (req) => req.inTenant((tx) => getReminderSettings(tx)));
  app.put('/api/v1/ledger/reminder-settings', {
    config: { access: { roles: ['tenant_admin'], scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Set the payment-plan reminder lead time (0–30 days) and channel', body: ReminderSettingsBody, response: { 200: ReminderOut } },
  }, async (req) => req.inTenant((tx) => putReminderSettings(tx, req.body, requirePrincipal(req).userId)));

  // ---- the sandbox provider's hosted checkout (stands in for Alipay / WeChat Pay / UnionPay pages) ----
  const Session = z.string().min(10).max(2000);
  app.get('/api/v1/payments/sandbox/checkout', {
    config: { access: { public: true } },
    schema: { tags: ['ledger', 'sandbox'], summary: 'Sandbox gateway checkout page (HTML): pays the intent and sends us a signed webhook',
      querystring: z.strictObject({ session: Session, returnTo: z.string().regex(/^\/[A-Za-z0-9/_\-?=&.]*$/).max(200).optional() }) },
  }, async (req, reply) => {
    const s = openCheckoutToken(checkoutSecret, req.query.session, now());
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    const html = checkoutHtml(s.amountFen, s.method, s.reference, s.creditorId, req.query.session, req.query.returnTo ?? '/');
    // The page's one inline script is allowed by its hash; the site-wide CSP allows none.
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const hash = createHash('sha256').update(script).digest('base64');
    reply.header('content-security-policy', `default-src 'self'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`);
    return html;
  });

  app.post('/api/v1/payments/sandbox/checkout/pay', {
    config: { access: { public: true }, rateLimit: { max: 30, windowMs: 60_000 } },
    schema: { tags: ['ledger', 'sandbox'], summary: 'Sandbox gateway: the payer confirms; the gateway signs and delivers the payment webhook to us',
      body: z.strictObject({ session: Session }), response: { 200: z.object({ delivered: z.number(), booked: z.boolean() }) } },
  }, async (req) => {
    const s = openCheckoutToken(checkoutSecret, req.body.session, now());
    const w = sandboxWebhookFor(webhookSecret, s, now());
    const res = await app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': w.signature }, payload: w.body });
    return { delivered: res.statusCode, booked: res.statusCode === 200 };
  });

  // ---- webhooks: raw body (the signature covers the exact bytes) ----
  await app.register(async (scope) => {
    const s = scope as unknown as App;
    s.removeContentTypeParser('application/json');
    s.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    if (s.hasContentTypeParser('application/x-www-form-urlencoded')) s.removeContentTypeParser('application/x-www-form-urlencoded');
    s.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    s.post('/api/v1/payments/webhooks/:gateway/:tenant', {
      config: { access: { public: true }, rateLimit: { max: 600, windowMs: 60_000 } },
      schema: { tags: ['ledger', 'webhooks'], summary: 'Alipay / WeChat Pay / UnionPay asynchronous notification for a tenant: verified with the tenant gateway keys (RSA2 / WECHATPAY2-SHA256-RSA2048 + AEAD_AES_256_GCM / UnionPay signMethod 01), booked once per gateway transaction into the creditor escrow (COL-44). Answers as each gateway expects: Alipay "success", WeChat {"code":"SUCCESS"} (4xx {"code":"FAIL"}), UnionPay "ok"',
        params: z.strictObject({ gateway: z.enum(REAL_GATEWAYS), tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) }), body: z.string().max(64_000) },
    }, async (req, reply) => {
      const g = req.params.gateway;
      const t = await withPlatform(db, (tx) => findTenant(tx, req.params.tenant));
      // Gateways retry on any non-2xx answer, so an unknown tenant is an ordinary problem+json 404.
      if (!t || t.status !== 'active') throw commonError('TENANT_NOT_FOUND', { field: 'params.tenant' });
      let ans: ReturnType<typeof gatewayAnswer>;
      req.auditTenantId = t.id;
      try {
        await withTenant(db, t.id, (tx) => handleNotification(tx, deps.secrets, g, { body: req.body, headers: req.headers }, now()));
        ans = gatewayAnswer(g, true, '');
      } catch (e) {
        if (!(e instanceof DomainError) || e.status >= 500) throw e;
        req.log.warn({ gateway: g, code: e.code }, 'payment notification refused');
        ans = { ...gatewayAnswer(g, false, e.message), status: e.status };
      }
      return reply.code(ans.status).type(ans.type).send(ans.body);
    });
    s.post('/api/v1/payments/webhooks/:provider', {
      config: { access: { public: true } },
      schema: { tags: ['ledger', 'webhooks'], summary: 'Payment provider webhook: signature (HMAC-SHA256), 5-minute timestamp window, replay-safe per event id; books into the creditor escrow only (COL-44)',
        params: z.strictObject({ provider: z.string().max(40) }), headers: z.object({ 'x-sandbox-signature': z.string().max(200).optional() }), body: z.string().max(64_000),
        response: { 200: BookedOut.extend({ refundId: z.string().nullable() }) } },
    }, async (req) => {
      if (!(PROVIDERS as readonly string[]).includes(req.params.provider)) throw ledgerError('LEDGER_PROVIDER_UNKNOWN', { detail: req.params.provider });
      const sig = req.headers['x-sandbox-signature'];
      if (!sig) throw ledgerError('LEDGER_WEBHOOK_INVALID', { detail: 'missing signature header' });
      const e = verifyGatewayWebhook({ body: req.body, signature: sig }, [webhookSecret], now());
      req.auditTenantId = e.tenantId;
      const r = await withTenant(db, e.tenantId, (tx) => bookGatewayEvent(tx, req.params.provider, e, req.body));
      if ('refundId' in r) return { replayed: r.replayed, paymentId: null, applied: '0.00', toSuspense: '0.00', feesCharged: '0.00', refundId: r.refundId };
      return { replayed: r.replayed, paymentId: r.paymentId, applied: yuan(r.appliedFen), toSuspense: yuan(r.toSuspenseFen), feesCharged: yuan(r.feesChargedFen), refundId: null };
    });
  });

  // ---- creditor agreements, escrow, statements ----
  app.get('/api/v1/creditors/:id/fee-agreement', {
    config: { access: { roles: CASE_READERS } },
    schema: { tags: ['ledger'], summary: 'The creditor agreement in force: fees (fixed, contingency tiers/bands, min, cap), plan bounds, approval threshold', params: IdParams,
      response: { 200: AgreementBody.extend({ id: z.string(), version: z.number(), creditorId: z.string(), createdAt: z.string().nullable(), createdBy: z.string().nullable() }) } },
  }, async (req) => agreementOut(await req.inTenant(async (tx) => {
    await assertCreditorVisible(tx, req, req.params.id);
    return getCreditorAgreement(tx, req.params.id);
  })));

  app.put('/api/v1/creditors/:id/fee-agreement', {
    config: { access: { roles: ['tenant_admin'], scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Store a new version of the creditor agreement (money already recovered stays under the version it was recovered under)', params: IdParams, body: AgreementBody,
      response: { 200: AgreementBody.extend({ id: z.string(), version: z.number(), creditorId: z.string(), createdAt: z.string().nullable(), createdBy: z.string().nullable() }) } },
  }, async (req) => agreementOut(await req.inTenant((tx) => putCreditorAgreement(tx, req.params.id, req.body, requirePrincipal(req).userId))));

  const EscrowOut = z.object({ creditorId: z.string(), creditorName: z.string(), currency: z.string(), balance: z.string(), received: z.string(), fees: z.string(), refunded: z.string(), disbursed: z.string(), pendingDisbursement: z.string() });
  const escrowOut = (e: Awaited<ReturnType<typeof escrowSummaries>>[number]) => ({ creditorId: e.creditorId, creditorName: e.creditorName, currency: e.currency, balance: yuan(e.balanceFen), received: yuan(e.receivedFen), fees: yuan(e.feesFen), refunded: yuan(e.refundedFen), disbursed: yuan(e.disbursedFen), pendingDisbursement: yuan(e.pendingDisbursementFen) });
  app.get('/api/v1/ledger/escrow', {
    config: { access: { roles: FINANCE } },
    schema: { tags: ['ledger'], summary: 'Escrow balance of every creditor: receipts − fees − refunds − disbursements', response: { 200: z.object({ items: z.array(EscrowOut) }) } },
  }, async (req) => {
    const items = await req.inTenant(async (tx) => {
      const scope = await creditorScope(tx, req);
      return (await escrowSummaries(tx)).filter((e) => !scope || scope.has(e.creditorId));
    });
    return { items: items.map(escrowOut) };
  });

  app.get('/api/v1/creditors/:id/escrow', {
    config: { access: { roles: FINANCE } },
    schema: { tags: ['ledger'], summary: 'One creditor escrow: balance and movements by kind', params: IdParams, response: { 200: EscrowOut } },
  }, async (req) => {
    const [e] = await req.inTenant(async (tx) => {
      await getCreditor(tx, req.params.id);
      await assertCreditorVisible(tx, req, req.params.id);
      return escrowSummaries(tx, req.params.id);
    });
    return escrowOut(e!);
  });

  app.get('/api/v1/creditors/:id/statements', {
    config: { access: { roles: FINANCE } },
    schema: { tags: ['ledger'], summary: 'Escrow statement for [from, to): JSON, PDF or XLSX, with the fee basis of every fee line', params: IdParams,
      querystring: z.strictObject({ from: CalendarDate.optional(), to: CalendarDate.optional(), format: z.enum(['json', 'pdf', 'xlsx']).default('json') }) },
  }, async (req, reply) => {
    // Default period: this month so far (Asia/Shanghai days), up to and including today.
    const cn = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = req.query.from ?? `${cn.slice(0, 8)}01`;
    const to = req.query.to ?? new Date(Date.parse(`${cn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const { format } = req.query;
    if (to <= from) throw ledgerError('LEDGER_TRANSFER_INVALID', { detail: '"to" must be after "from"', extra: { field: 'to' } });
    const { st, name } = await req.inTenant(async (tx) => {
      const c = await getCreditor(tx, req.params.id);
      await assertCreditorVisible(tx, req, req.params.id);
      return { st: await buildCreditorStatement(tx, req.params.id, `${from}T00:00:00+08:00`, `${to}T00:00:00+08:00`), name: c.name };
    });
    const base = `statement-${req.params.id}-${from}-${to}`;
    if (format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="${base}.pdf"`).send(await statementPdf(st, name));
    if (format === 'xlsx') return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${base}.xlsx"`).send(await statementXlsx(st, name));
    return {
      creditorId: st.creditorId, creditorName: name, from, to, opening: yuan(st.openingFen), closing: yuan(st.closingFen),
      totals: Object.fromEntries(Object.entries(st.totals).map(([k, v]) => [k, yuan(v as bigint)])),
      lines: st.lines.map((l) => ({ transferId: l.transferId, bookedAt: l.bookedAt, code: l.code, amount: yuan(l.amountFen), balanceAfter: yuan(l.balanceAfterFen), caseId: l.caseId ?? null, reference: l.reference ?? null, feeBasis: l.feeBasis ?? null, reversesId: l.reversesId ?? null })),
    };
  });

  app.get('/api/v1/ledger/fee-income', {
    config: { access: { roles: TREASURY } },
    schema: { tags: ['ledger'], summary: 'The tenant fee income: charged, given back, per creditor and month (fees come from creditor escrow, never from debtors)',
      response: { 200: z.object({ balance: z.string(), charged: z.string(), refunded: z.string(), byCreditor: z.array(z.object({ creditorId: z.string(), contingency: z.string(), fixed: z.string() })), byMonth: z.array(z.object({ month: z.string(), net: z.string() })) }) } },
  }, async (req) => {
    const f = await req.inTenant((tx) => feeIncome(tx));
    return { balance: yuan(f.balanceFen), charged: yuan(f.chargedFen), refunded: yuan(f.refundedFen), byCreditor: f.byCreditor.map((c) => ({ creditorId: c.creditorId, contingency: yuan(c.contingencyFen), fixed: yuan(c.fixedFen) })), byMonth: f.byMonth.map((m) => ({ month: m.month, net: yuan(m.netFen) })) };
  });

  app.get('/api/v1/ledger/recoveries', {
    config: { access: { roles: FINANCE } },
    schema: { tags: ['ledger'], summary: 'Money recovered into escrow per day (net of refunds and reversals)',
      querystring: z.strictObject({ creditorId: Id.optional(), days: z.coerce.number().int().min(1).max(3660).default(90) }),
      response: { 200: z.object({ items: z.array(z.object({ day: z.string(), recovered: z.string(), payments: z.number() })) }) } },
  }, async (req) => {
    const items = await req.inTenant(async (tx) => {
      const scope = await creditorScope(tx, req);
      if (!scope) return recoveriesOverTime(tx, { creditorId: req.query.creditorId, days: req.query.days });
      // A creditor user: its own creditors only (one named, or each linked one summed per day).
      const ids = req.query.creditorId ? [req.query.creditorId] : [...scope];
      for (const id of ids) if (!scope.has(id)) throw ledgerError('LEDGER_NOT_FOUND', { detail: 'no such creditor' });
      const byDay = new Map<string, { day: string; recoveredFen: bigint; payments: number }>();
      for (const id of ids) {
        for (const x of await recoveriesOverTime(tx, { creditorId: id, days: req.query.days })) {
          const cur = byDay.get(x.day) ?? { day: x.day, recoveredFen: 0n, payments: 0 };
          cur.recoveredFen += x.recoveredFen;
          cur.payments += x.payments;
          byDay.set(x.day, cur);
        }
      }
      return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    });
    return { items: items.map((x) => ({ day: x.day, recovered: yuan(x.recoveredFen), payments: x.payments })) };
  });

  // ---- disbursements ----
  app.post('/api/v1/disbursements', {
    config: { access: { roles: TREASURY, scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Pay escrow to the creditor official account; above the creditor threshold a second person approves', body: z.strictObject({ creditorId: Id, amount: Money, reference: z.string().trim().min(2).max(200) }),
      response: { 201: DisbursementOut } },
  }, async (req, reply) => {
    const d = await req.inTenant(async (tx) => createDisbursement(tx, { creditorId: req.body.creditorId, amountFen: money('amount', req.body.amount), reference: req.body.reference }, requirePrincipal(req).userId));
    return reply.code(201).send(disbursementOut(d));
  });

  app.post('/api/v1/disbursements/:id/approve', {
    config: { access: { roles: TREASURY, scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Second-person approval: pays the disbursement (the requester cannot approve their own)', params: IdParams, body: z.strictObject({}).optional(), response: { 200: DisbursementOut } },
  }, async (req) => disbursementOut(await req.inTenant((tx) => approve(tx, req.params.id, requirePrincipal(req).userId))));

  app.get('/api/v1/disbursements', {
    config: { access: { roles: TREASURY } },
    schema: { tags: ['ledger'], summary: 'Disbursements waiting for a second approver', querystring: z.strictObject({ status: z.enum(['pending']).default('pending') }), response: { 200: z.object({ items: z.array(DisbursementOut) }) } },
  }, async (req) => ({ items: (await req.inTenant((tx) => pendingDisbursements(tx))).map(disbursementOut) }));

  // ---- bank reconciliation ----
  app.post('/api/v1/reconciliations', {
    config: { access: { roles: TREASURY, scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Import a bank statement (multipart field "file", CSV or XLSX): match to expected payments, the rest to suspense', consumes: ['multipart/form-data'], response: { 200: ReconciliationOut, 201: ReconciliationOut } },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw ledgerError('LEDGER_RECONCILIATION_FORMAT', { detail: 'send the statement as multipart/form-data field "file"', extra: { field: 'file' } });
    const file = await req.file();
    if (!file) throw ledgerError('LEDGER_RECONCILIATION_FORMAT', { detail: 'no file', extra: { field: 'file' } });
    const bytes = await file.toBuffer();
    const v = await req.inTenant((tx) => importStatement(tx, keys, { fileName: file.filename || 'statement', bytes, actor: requirePrincipal(req).userId }));
    return reply.code(v.replayed ? 200 : 201).send(reconOut(v));
  });

  app.get('/api/v1/reconciliations', {
    config: { access: { roles: TREASURY } },
    schema: { tags: ['ledger'], summary: 'Recent reconciliations', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), fileName: z.string(), createdAt: z.string(), lineCount: z.number() })) }) } },
  }, async (req) => ({ items: await req.inTenant((tx) => listReconciliations(tx)) }));

  app.get('/api/v1/reconciliations/:id', {
    config: { access: { roles: TREASURY } },
    schema: { tags: ['ledger'], summary: 'A reconciliation: report, matched and suspense lines (suspense first)', params: IdParams, response: { 200: ReconciliationOut } },
  }, async (req) => reconOut(await req.inTenant((tx) => getReconciliation(tx, req.params.id))));

  app.post('/api/v1/suspense/:id/resolve', {
    config: { access: { roles: TREASURY, scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Identify money held in suspense as a case payment: suspense → creditor escrow, once', params: IdParams, body: z.strictObject({ caseId: z.string().trim().min(1).max(64) }), response: { 200: BookedOut } },
  }, async (req) => {
    const b = await req.inTenant((tx) => resolveSuspense(tx, req.params.id, req.body.caseId, requirePrincipal(req).userId));
    return { replayed: b.replayed, paymentId: b.paymentId, applied: yuan(b.appliedFen), toSuspense: yuan(b.toSuspenseFen), feesCharged: yuan(b.feesChargedFen) };
  });

  // ---- payment plans ----
  app.get('/api/v1/cases/:id/payment-plans', {
    config: { access: { roles: [...CASE_READERS, 'debtor'] } },
    schema: { tags: ['ledger'], summary: 'Payment plans of a case with their assessment (paid, missed, broken)', params: IdParams, response: { 200: z.object({ items: z.array(PlanOut.extend({ notices: z.array(z.object({ instalment: z.number(), kind: z.string(), sentAt: z.string(), delivery: z.object({ channel: z.string(), outcome: z.string(), ruleIds: z.array(z.string()) }).nullable() })) })) }) } },
  }, async (req) => req.inTenant(async (tx) => {
    await visibleCase(tx, req, keys, req.params.id);
    const plans = await listPlans(tx, req.params.id);
    return { items: await Promise.all(plans.map(async (p) => ({ ...planOut(p), notices: await listPlanNotices(tx, p.id) }))) };
  }));

  app.post('/api/v1/cases/:id/payment-plans', {
    config: { access: { roles: [...PLANNERS, 'debtor'], scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'Propose an instalment plan within the creditor bounds (minimum instalment, maximum term, settlement floor; never above the balance)', params: IdParams,
      body: z.strictObject({ instalments: z.number().int().min(1).max(120), firstDueDate: CalendarDate, intervalMonths: z.number().int().min(1).max(12).optional(), total: Money.optional() }),
      response: { 201: PlanOut } },
  }, async (req, reply) => {
    const p = requirePrincipal(req);
    const plan = await req.inTenant(async (tx) => {
      await visibleCase(tx, req, keys, req.params.id);
      return proposePlan(tx, { caseId: req.params.id, instalments: req.body.instalments, firstDueDate: req.body.firstDueDate, intervalMonths: req.body.intervalMonths,
        ...(req.body.total ? { totalFen: money('total', req.body.total) } : {}), proposedBy: p.id, proposerKind: p.role === 'debtor' ? 'debtor' : 'staff' });
    });
    return reply.code(201).send(planOut(plan));
  });

  app.post('/api/v1/payment-plans/:id/accept', {
    config: { access: { roles: [...PLANNERS, 'debtor'], scope: 'collection_outsourcing' } },
    schema: { tags: ['ledger'], summary: 'The other side accepts the plan; each instalment becomes a promise on the case', params: IdParams, body: z.strictObject({}).optional(), response: { 200: PlanOut } },
  }, async (req) => {
    const p = requirePrincipal(req);
    return planOut(await req.inTenant(async (tx) => {
      const caseId = p.role === 'debtor' ? await caseIdForRef(tx, keys, p.subject ?? '') : undefined;
      return acceptPlan(tx, req.params.id, { id: p.role === 'debtor' ? p.id : p.userId, kind: p.role === 'debtor' ? 'debtor' : 'staff', ...(caseId ? { caseId } : {}) });
    }));
  });
}

function reconOut(v: Awaited<ReturnType<typeof getReconciliation>>): z.infer<typeof ReconciliationOut> {
  return {
    id: v.id, fileName: v.fileName, createdAt: v.createdAt, lineCount: v.lineCount, report: v.report, replayed: v.replayed,
    summary: { matched: v.lines.filter((l) => l.outcome === 'matched').length, suspense: v.lines.filter((l) => l.outcome === 'suspense').length, ignored: v.lines.filter((l) => l.outcome === 'ignored').length },
    lines: v.lines.map((l) => ({ ...l, amount: yuan(l.amountFen), amountFen: undefined })).map(({ amountFen: _a, ...rest }) => rest),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const METHOD_LABEL: Record<string, string> = { alipay: '支付宝 Alipay', wechat: '微信支付 WeChat Pay', unionpay: '银联 UnionPay', bank_transfer: '银行转账 Bank transfer' };

function checkoutHtml(amountFen: bigint, method: string, reference: string, creditorId: string, token: string, returnTo: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>沙箱收银台 Sandbox checkout</title>
<style>body{font-family:system-ui,"Noto Sans SC",sans-serif;background:#f5f5f5;margin:0;padding:32px}main{max-width:420px;margin:auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px #0002}
h1{font-size:18px}dt{color:#666;font-size:13px}dd{margin:0 0 12px;font-size:15px}.amt{font-size:28px;font-weight:600}button{width:100%;padding:12px;font-size:16px;background:#1677ff;color:#fff;border:0;border-radius:6px;cursor:pointer}
.note{color:#888;font-size:12px;margin-top:16px}</style></head><body><main>
<h1>沙箱收银台 · Sandbox gateway</h1>
<dl><dt>支付方式 Method</dt><dd>${esc(METHOD_LABEL[method] ?? method)}</dd>
<dt>金额 Amount</dt><dd class="amt" data-testid="sandbox-amount">¥${esc(formatYuan(amountFen))}</dd>
<dt>收款方 Payee</dt><dd>委托方托管账户 Creditor escrow (${esc(creditorId)})</dd>
<dt>附言 Reference</dt><dd>${esc(reference)}</dd></dl>
<button id="pay" data-testid="sandbox-pay">确认支付 Pay</button>
<p id="msg" data-testid="sandbox-result"></p>
<p class="note">这是测试用的沙箱网关：不会产生真实扣款。款项只进入委托方托管账户（COL-44）。This sandbox moves no real money.</p>
</main><script>
document.getElementById('pay').onclick=async function(){this.disabled=true;const m=document.getElementById('msg');
const r=await fetch('/api/v1/payments/sandbox/checkout/pay',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({session:${JSON.stringify(token)}})});
const j=await r.json().catch(()=>({}));m.textContent=j.booked?'支付成功 Paid':'支付失败 Failed ('+(j.delivered||r.status)+')';
if(j.booked)setTimeout(()=>{location.href=${JSON.stringify(returnTo)}},800);};
</script></body></html>`;
}
