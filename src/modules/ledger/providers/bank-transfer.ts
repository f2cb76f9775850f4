// Bank transfer "adapter": there is no gateway and no notification. The payer gets the escrow account (托管账户) and
// a remittance reference unique to the payment intent; the bank statement import (bank-import.ts) matches a line by
// that reference first (`intent_reference`), then books it into the creditor escrow (COL-44). Money without a
// matching reference stays in suspense for a person to resolve.
import { fenToYuan } from './yuan.js';
import type { BankTransferInstructions, OutboundIntent } from './adapter.js';

export interface BankTransferConfig {
  accountName: string;
  bankName: string;
  accountNo: string;
}

export function bankTransferInstructions(cfg: BankTransferConfig, intent: OutboundIntent): BankTransferInstructions {
  return { kind: 'bank_transfer', gateway: 'bank_transfer', accountName: cfg.accountName, bankName: cfg.bankName, accountNo: cfg.accountNo, reference: intent.reference, amount: fenToYuan(intent.amountFen), currency: intent.currency };
}
