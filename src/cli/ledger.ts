// `recourse ledger …` commands: fee (contingency/fixed fee with its basis), plan (instalment schedule within
// creditor bounds), allocate (art 561 allocation from a JSON history), balance and statement (database, per tenant).
// Thin: parses options and calls the ledger module.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { escrowSummaries, feeIncome, getCaseLedger, importStatement, runPlanCheck } from '../modules/ledger/index.js';
import { loadSecrets } from '../platform/secrets.js';
import { debtorKeysFromSecrets } from '../modules/debtors/index.js';
import { allocatePayments, buildCreditorStatement, buildPaymentPlan, computeFeeDue, getAccountBalance, parseAccount, validateFeeAgreement, type DebtEvent, type DebtTerms, type FeeAgreement } from '../modules/ledger/index.js';
import { formatYuan, parseYuan } from '../platform/money.js';
import cliProgress from 'cli-progress';
import { loadConfig } from '../platform/config.js';
import { createMessenger } from '../platform/messaging/index.js';
import { openDatabase } from '../app.js';
import { withPlatform, withTenant, type Tx } from '../platform/db/index.js';
import { getTenant } from '../modules/tenants/index.js';
import { fail, printJson, printTable } from './output.js';

async function inTenant<T>(slug: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig());
  try {
    const t = await withPlatform(db, (tx) => getTenant(tx, slug));
    return await withTenant(db, t.id, fn);
  } finally {
    await db.close();
  }
}

/** Reads JSON where money fields (ending in Fen) are decimal yuan strings or integers of fen. */
function readMoneyJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'), (k, v) => (k.endsWith('Fen') || k.endsWith('Bps') || k === 'bps' ? (typeof v === 'string' ? parseYuanOrInt(v) : BigInt(v)) : v));
}
const parseYuanOrInt = (s: string) => (s.includes('.') ? parseYuan(s) : BigInt(s));

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('Escrow ledger: fees, payment plans, allocation, balances, statements');

  ledger
    .command('fee')
    .description('Fee due for a case: f(net recovered) − already charged, with its basis')
    .requiredOption('--agreement <json>', 'fee agreement JSON file (money fields in fen or "yuan.fen")')
    .requiredOption('--recovered <yuan>', 'cumulative net recovered')
    .option('--charged <yuan>', 'contingency already charged', '0')
    .option('--age-days <n>', 'debt age at placement', '0')
    .option('--debt <yuan>', 'debt amount at placement', '0')
    .option('--json', 'machine output')
    .action((o) => {
      try {
        const a = readMoneyJson(o.agreement) as FeeAgreement;
        validateFeeAgreement(a);
        const d = computeFeeDue(a, { debtAgeDays: Number(o.ageDays), debtAmountFen: parseYuan(o.debt) }, { netRecoveredFen: parseYuan(o.recovered), placements: 1, contingencyChargedFen: parseYuan(o.charged), fixedChargedFen: 0n });
        if (o.json) printJson(d);
        else process.stdout.write(`${d.explanation}\n`);
      } catch (e) {
        fail(e);
      }
    });

  ledger
    .command('plan')
    .description('Instalment schedule within the creditor bounds (DOC-08; COL-44: never above the balance)')
    .requiredOption('--balance <yuan>')
    .requiredOption('--instalments <n>')
    .requiredOption('--first <date>', 'first due date YYYY-MM-DD')
    .option('--total <yuan>', 'agreed total (settlement)')
    .option('--interval <months>', 'months between instalments', '1')
    .option('--min <yuan>', 'minimum instalment', '0')
    .option('--max-term <months>', 'maximum term', '36')
    .option('--floor-bps <bps>', 'settlement floor in bps of the balance', '10000')
    .option('--json', 'machine output')
    .action((o) => {
      try {
        const p = buildPaymentPlan(
          { balanceFen: parseYuan(o.balance), totalFen: o.total ? parseYuan(o.total) : undefined, instalments: Number(o.instalments), firstDueDate: o.first, intervalMonths: Number(o.interval) },
          { minInstalmentFen: parseYuan(o.min), maxTermMonths: Number(o.maxTerm), settlementFloorBps: BigInt(o.floorBps) },
        );
        if (o.json) printJson(p);
        else printTable(p.instalments.map((i) => ({ no: i.no, due: i.dueDate, amount: formatYuan(i.amountFen), remaining: formatYuan(i.runningBalanceFen) })));
      } catch (e) {
        fail(e);
      }
    });

  ledger
    .command('allocate <history>')
    .description('Civil Code art 561 allocation from a JSON file {terms, events, asOf}')
    .option('--json', 'machine output')
    .action((file, o) => {
      try {
        const h = readMoneyJson(file) as { terms: DebtTerms; events: DebtEvent[]; asOf: string };
        const r = allocatePayments(h.terms, h.events, h.asOf);
        if (o.json) printJson(r);
        else {
          printTable(r.lines.map((l) => ({ payment: l.paymentId, date: l.valueDate, amount: formatYuan(l.amountFen), costs: formatYuan(l.costsFen), interest: formatYuan(l.interestFen), principal: formatYuan(l.principalFen), unapplied: formatYuan(l.unappliedFen) })));
          process.stdout.write(`outstanding on ${r.asOf}: costs ${formatYuan(r.outstanding.costsFen)}, interest ${formatYuan(r.outstanding.interestFen)}, principal ${formatYuan(r.outstanding.principalFen)}\n`);
        }
      } catch (e) {
        fail(e);
      }
    });

  ledger
    .command('balance <address>')
    .description('Balance of an account, e.g. escrow:creditor:<id>')
    .requiredOption('--tenant <slug>')
    .action(async (address, o) => {
      try {
        parseAccount(address);
        process.stdout.write(`${formatYuan(await inTenant(o.tenant, (tx) => getAccountBalance(tx, address)))}\n`);
      } catch (e) {
        fail(e);
      }
    });

  ledger
    .command('statement <creditorId>')
    .description('Creditor escrow statement for [from, to) with fee basis lines')
    .requiredOption('--tenant <slug>')
    .requiredOption('--from <date>')
    .requiredOption('--to <date>')
    .option('--json', 'machine output')
    .action(async (creditorId, o) => {
      try {
        const s = await inTenant(o.tenant, (tx) => buildCreditorStatement(tx, creditorId, o.from, o.to));
        if (o.json) printJson(s);
        else process.stdout.write(s.text + '\n');
      } catch (e) {
        fail(e);
      }
    });

  ledger
    .command('case <caseId>')
    .description('A case ledger: claim, payments, art 561 allocation (costs → interest → principal), fee basis')
    .requiredOption('--tenant <slug>')
    .option('--json', 'machine output')
    .action(async (caseId, o) => {
      try {
        const l = await inTenant(o.tenant, (tx) => getCaseLedger(tx, caseId));
        if (o.json) printJson({ ...l, agreement: undefined });
        else {
          process.stdout.write(`${l.ref}: claim ${formatYuan(l.claimPlacedFen)}, paid ${formatYuan(l.paidFen)}, owed ${formatYuan(l.owedFen)}\n`);
          printTable(l.allocation.lines.map((x) => ({ payment: x.paymentId, date: x.valueDate, amount: formatYuan(x.amountFen), costs: formatYuan(x.costsFen), interest: formatYuan(x.interestFen), principal: formatYuan(x.principalFen) })));
          process.stdout.write(`fee basis: ${l.fees.explanation}\n`);
        }
      } catch (e) {
        fail(e);
      }
    });

  ledger
    .command('escrow')
    .description('Escrow balance of every creditor (receipts − fees − refunds − disbursements) and the tenant fee income')
    .requiredOption('--tenant <slug>')
    .option('--json', 'machine output')
    .action(async (o) => {
      try {
        const { es, fi } = await inTenant(o.tenant, async (tx) => ({ es: await escrowSummaries(tx), fi: await feeIncome(tx) }));
        if (o.json) printJson({ escrow: es, feeIncome: fi });
        else {
          printTable(es.map((e) => ({ creditor: e.creditorName, received: formatYuan(e.receivedFen), fees: formatYuan(e.feesFen), refunded: formatYuan(e.refundedFen), disbursed: formatYuan(e.disbursedFen), balance: formatYuan(e.balanceFen) })));
          process.stdout.write(`fee income: ${formatYuan(fi.balanceFen)} (charged ${formatYuan(fi.chargedFen)}, given back ${formatYuan(fi.refundedFen)})\n`);
        }
      } catch (e) {
        fail(e);
      }
    });

  ledger
    .command('reconcile <file>')
    .description('Import an escrow bank statement (CSV/XLSX): matched lines booked as case receipts, the rest to suspense; re-import books nothing twice')
    .requiredOption('--tenant <slug>')
    .option('--json', 'machine output')
    .action(async (file, o) => {
      const bar = new cliProgress.SingleBar({ format: 'reconcile [{bar}] {stage}', hideCursor: true }, cliProgress.Presets.shades_classic);
      try {
        const keys = debtorKeysFromSecrets(loadSecrets(loadConfig()));
        if (!o.json) bar.start(1, 0, { stage: 'matching and booking…' });
        const v = await inTenant(o.tenant, (tx) => importStatement(tx, keys, { fileName: file.split('/').pop() ?? file, bytes: readFileSync(file), actor: 'system' }));
        if (!o.json) bar.update(1, { stage: 'done' });
        bar.stop();
        if (o.json) printJson(v);
        else process.stdout.write(`${v.replayed ? '(already imported) ' : ''}${v.id}\n${v.report}\n`);
      } catch (e) {
        bar.stop();
        fail(e);
      }
    });

  ledger
    .command('plan-check')
    .description('Payment plan check: reminders before due dates, missed instalments, broken plans (each notice once)')
    .requiredOption('--tenant <slug>')
    .option('--as-of <date>', 'YYYY-MM-DD (default today)')
    .action(async (o) => {
      try {
        const config = loadConfig();
        const db = await openDatabase(config);
        try {
          const t = await withPlatform(db, (tx) => getTenant(tx, o.tenant));
          // reminders go out through the compliance gate and the messenger, as the scheduled job sends them
          const send = { messenger: createMessenger({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom }), keys: debtorKeysFromSecrets(loadSecrets(config)) };
          const r = await runPlanCheck(db, { tenantId: t.id, asOf: o.asOf }, send);
          process.stdout.write(`notices: ${r.notices} (sent ${r.delivered.sent}, refused by the compliance gate ${r.delivered.refused}, other ${r.delivered.other})\n`);
        } finally {
          await db.close();
        }
      } catch (e) {
        fail(e);
      }
    });
}
