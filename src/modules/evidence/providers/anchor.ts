// External anchors for checkpoints (BC-11, BC-12, BC-13): a court-chain access platform, an RFC 3161 time-stamping
// authority, or (for development) a local append-only file. Each returns a receipt we store with the checkpoint.
import fs from 'node:fs';
import { createHash } from 'node:crypto';

export interface AnchorRequest {
  origin: string;
  size: number;
  rootHex: string;
  /** The signed checkpoint note; what gets anchored is SHA-256 of these bytes. */
  checkpoint: string;
}

export interface AnchorReceipt {
  provider: string;
  /** Provider's reference (存证编号, TSA serial number, file line number). */
  reference: string;
  /** Raw receipt bytes as returned (certificate, DER TimeStampResp, …). */
  receipt: Uint8Array;
  anchoredAt: Date;
}

export interface AnchorProvider {
  readonly name: string;
  anchor(req: AnchorRequest): Promise<AnchorReceipt>;
  /** Re-checks a stored receipt against the checkpoint it claims to anchor. */
  verify(req: AnchorRequest, receipt: AnchorReceipt): Promise<{ ok: boolean; reasons: string[] }>;
}

export const checkpointDigest = (checkpoint: string): Buffer => createHash('sha256').update(checkpoint, 'utf8').digest();

/**
 * Development anchor: appends `<iso time> <sha256 of checkpoint> <origin> <size>` to a local file. It proves nothing to
 * a third party (the file is ours); it stands in for a real provider in demos and tests.
 */
export class FileAnchorProvider implements AnchorProvider {
  readonly name = 'file';
  constructor(private readonly path: string) {}

  async anchor(req: AnchorRequest): Promise<AnchorReceipt> {
    const at = new Date();
    const line = `${at.toISOString()} ${checkpointDigest(req.checkpoint).toString('hex')} ${req.origin} ${req.size}\n`;
    fs.appendFileSync(this.path, line);
    const n = fs.readFileSync(this.path, 'utf8').split('\n').filter(Boolean).length;
    return { provider: this.name, reference: `${this.path}#${n}`, receipt: new Uint8Array(Buffer.from(line)), anchoredAt: at };
  }

  async verify(req: AnchorRequest, receipt: AnchorReceipt): Promise<{ ok: boolean; reasons: string[] }> {
    const line = Buffer.from(receipt.receipt).toString('utf8');
    const reasons: string[] = [];
    if (!line.includes(` ${checkpointDigest(req.checkpoint).toString('hex')} `)) reasons.push('receipt is for another checkpoint');
    if (!fs.existsSync(this.path) || !fs.readFileSync(this.path, 'utf8').includes(line)) reasons.push('line no longer in the anchor file');
    return { ok: reasons.length === 0, reasons };
  }
}
