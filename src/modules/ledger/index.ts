// Public surface of the ledger module: escrow on a double-entry ledger, fees charged exactly once, art 561
// allocation and payment plans. Other modules import only from here.

/** Readable account addresses, parsing (LEDGER_ACCOUNT_INVALID) and per-kind flags. */
export { accounts, parseAccount, flagsFor, ACCOUNT_KINDS, TRANSFER_CODES } from './postings.js';
/** Pure transfer checks and batch application. Throws LEDGER_TRANSFER_INVALID, LEDGER_INSUFFICIENT_FUNDS, LEDGER_CURRENCY_MISMATCH, LEDGER_FORBIDDEN_DESTINATION, LEDGER_FEE_ON_DEBTOR (COL-44). */
export { validateTransfer, applyTransfers, previewTransfers, reverseTransfer, validateReversals, balancesFrom, balanceOf, trialBalance } from './postings.js';
export type { Transfer, TransferCode, AccountKind, AccountState, Balance, Balances, Preview, TransferOutcome } from './postings.js';
/** Civil Code art 561 allocation recomputed from the full history. Throws LEDGER_ALLOCATION_INVALID, LEDGER_ALREADY_REVERSED. */
export { allocatePayments, LEGAL_ORDER } from './allocation.js';
export type { DebtTerms, DebtEvent, AllocationResult, AllocationLine, Outstanding, Component } from './allocation.js';
/** Fee agreements: tiers, bands, minimum, cap, fixed fees, due = f(net recovered) − charged. Throws LEDGER_FEE_AGREEMENT_INVALID. */
export { validateFeeAgreement, selectTier, contingencyFee, fixedFee, computeFeeDue, explainFee } from './fees.js';
export type { FeeAgreement, FeeBand, ContingencyTier, CaseFeeContext, ContingencyFee, FeeDue } from './fees.js';
/** Transfer builders for receipts, refunds, placements, disbursements; fee facts and fee sync from history. */
export { receiptTransfers, refundTransfers, placementTransfer, disbursementTransfer, feeFactsFrom, feeSyncTransfers, feeKeyOf } from './escrow.js';
export type { ReceiptInput, FeeFacts, FeeSync } from './escrow.js';
/** Instalment plans within creditor bounds and broken-promise detection. Throws LEDGER_PLAN_OUT_OF_BOUNDS, LEDGER_PLAN_INVALID. */
export { buildPaymentPlan, assessPlan, addMonths } from './payment-plans.js';
export type { PlanBounds, PlanRequest, PaymentPlan, Instalment, PlanAssessment, InstalmentStatus } from './payment-plans.js';
/** The single write path (idempotent, all-or-nothing, dry run) and balance reads. Throws LEDGER_IDEMPOTENCY_CONFLICT (409) and the transfer errors above. */
export { postTransfers, getAccountBalance, loadBalances, listAccountTransfers, requestHash } from './store.js';
export type { TransferInput, PostResult } from './store.js';
/** Fee sync on the database, serialized per fee key. */
export { syncFees } from './fee-charging.js';
/** Two-person disbursement approval above a threshold. Throws LEDGER_APPROVAL_INVALID, LEDGER_DISBURSEMENT_NOT_FOUND, LEDGER_INSUFFICIENT_FUNDS. */
export { requestDisbursement, approveDisbursement, getDisbursement, listPendingDisbursements } from './disbursements.js';
export type { Disbursement, DisbursementRequest } from './disbursements.js';
/** Creditor escrow statement per period with fee basis lines. */
export { buildCreditorStatement } from './statements.js';
export type { CreditorStatement, StatementLine } from './statements.js';
/** Bank statement CSV reconciliation (reference, then amount + payer; rest to suspense). Throws LEDGER_RECONCILIATION_FORMAT. */
export { parseBankStatementCsv, reconcileStatement, postReconciliation } from './reconciliation.js';
export type { BankLine, ExpectedPayment, ReconciliationResult } from './reconciliation.js';
/** Payment gateway seam, sandbox adapter and webhook handling. Throws LEDGER_WEBHOOK_INVALID, LEDGER_IDEMPOTENCY_CONFLICT. */
export { verifyWebhook, signPayload } from './providers/gateway.js';
export type { PaymentGateway, PaymentIntent, WebhookEvent, SignedWebhook } from './providers/gateway.js';
export { SandboxGateway } from './providers/sandbox.js';
export { handlePaymentWebhook, type WebhookContext } from './providers/webhooks.js';
export { LedgerErrors, ledgerError, type LedgerErrorCode } from './errors.js';
/** Creditor agreements (fees, plan bounds, approval threshold), versioned. Throw CASES_CREDITOR_NOT_FOUND, LEDGER_FEE_AGREEMENT_INVALID. */
export { getCreditorAgreement, putCreditorAgreement, AgreementBody, type CreditorAgreement } from './agreements.js';
/** The case ledger: claim, payments, art 561 allocation, fee basis; booking receipts, reversals, refunds. */
export { getCaseLedger, ensureClaim, bookIncomingPayment, reversePayment, refundPayment, type CaseLedger, type IncomingPayment, type BookedPayment } from './case-ledger.js';
/** Gateway payments in (intents, sandbox checkout, webhook booking). */
export { createPaymentIntent, bookGatewayEvent, verifyGatewayWebhook, sandboxWebhookFor, checkoutToken, openCheckoutToken, PAYMENT_METHODS } from './payments-in.js';
/** Finance views and disbursement use cases. */
export { escrowSummaries, feeIncome, recoveriesOverTime, createDisbursement, pendingDisbursements } from './finance.js';
/** Bank statements (CSV/XLSX) booked: matched receipts, suspense, resolution. Throws LEDGER_RECONCILIATION_FORMAT, LEDGER_NOT_FOUND. */
export { importStatement, getReconciliation, resolveSuspense, readStatement } from './bank-import.js';
/** Payment plans on the database and the plan check (reminders, missed, broken). */
export { proposePlan, acceptPlan, listPlans, checkPlans } from './plans.js';
/** Real gateway adapters (pure: signed outbound requests, notification verification) and their per-tenant configuration. Throws LEDGER_WEBHOOK_INVALID, LEDGER_GATEWAY_CONFIG_INVALID. */
export { GATEWAYS, REAL_GATEWAYS, type GatewayName, type RealGateway, type OutboundRequest, type VerifiedNotification, type InboundNotification } from './providers/adapter.js';
export { alipayPaymentRequest, verifyAlipayNotification, type AlipayConfig } from './providers/alipay.js';
export { wechatPrepayRequest, verifyWechatNotification, decryptWechatResource, type WechatConfig } from './providers/wechat.js';
export { unionpayPaymentRequest, verifyUnionPayNotification, type UnionPayConfig } from './providers/unionpay.js';
export { bankTransferInstructions, type BankTransferConfig } from './providers/bank-transfer.js';
export { yuanToFen, fenToYuan } from './providers/yuan.js';
export { listGatewayConfigs, putGatewayConfig, loadGatewayConfig, type GatewayConfigView } from './gateway-config.js';
export { handleNotification, outboundFor, providerFor, gatewayAnswer } from './gateways.js';
export { bookVerifiedNotification } from './payments-in.js';
/** Plan reminders through the compliance gate and the messenger. */
export { getReminderSettings, putReminderSettings, deliverReminder, type ReminderSettings, type Delivery } from './reminders.js';
/** Statement files. */
export { statementPdf, statementXlsx } from './statement-files.js';
/** Background jobs (app.ts lists them). */
export { ledgerJobs, runPlanCheck, PLAN_CHECK_JOB } from './jobs.js';
/** Fastify plugin. */
export { ledgerRoutes, sandboxWebhookSecret } from './routes.js';
/** Retention purge (PI-07, issue 9): called by the privacy module. */
export { purgeLedgerPersonalData } from './purge.js';
