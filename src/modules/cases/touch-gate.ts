// Seam for the contact gate, which lives in the compliance module ABOVE cases (cases cannot import it). The
// composition root (app.ts) hands cases the gate's "record a touch" function, as it hands tenants the portal
// directory. A touch is a contact that already happened: the gate decides it with the same facts as every other path
// and records it; one the gate refuses is stored as a breach (with its rules) for the compliance officer.
import type { Tx } from '../../platform/db/index.js';

export interface TouchGateInput {
  caseId: string;
  channel: 'phone' | 'sms' | 'email' | 'letter' | 'visit' | 'wechat' | 'portal';
  outcomeCode: string;
  at: Date;
  by: string | null;
  staffCount?: number;
}

export interface TouchGateResult {
  attemptId: string;
  decision: 'allow' | 'deny';
  /** The gate refuses this contact, and it happened: flagged for the compliance officer. */
  breach: boolean;
  ruleIds: string[];
  warnings: string[];
}

export type TouchGate = (tx: Tx, t: TouchGateInput) => Promise<TouchGateResult>;

let gate: TouchGate | null = null;

/** Called once by the composition root (app.ts) with compliance's recordTouchThroughGate. */
export function setTouchGate(g: TouchGate | null): void {
  gate = g;
}

export function touchGate(): TouchGate | null {
  return gate;
}
