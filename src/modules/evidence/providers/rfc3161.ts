// RFC 3161 time-stamp anchor over HTTP (BC-12, BC-13): the SHA-256 of the signed checkpoint is sent as a
// TimeStampReq (application/timestamp-query); the TSA's TimeStampResp is checked (status, message imprint, nonce,
// CMS SignedData signature over the signed attributes, messageDigest of the TSTInfo, signer pinned to the trusted
// TSA certificate) and stored as the receipt.
import { createHash, randomBytes, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { bool, bytesOf, children, nul, octets, oid, oidToString, readTlv, seq, tlv, uint, whole, type Tlv } from './der.js';
import { checkpointDigest, type AnchorProvider, type AnchorReceipt, type AnchorRequest } from './anchor.js';

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  messageDigest: '1.2.840.113549.1.9.4',
};
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512', '1.2.156.10197.1.401': 'sm3',
};

/** DER TimeStampReq for a SHA-256 digest, with a nonce and certReq = TRUE. */
export function buildTimeStampRequest(digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  return seq(uint(Uint8Array.of(1)), seq(seq(oid(OID.sha256), nul()), octets(digest)), uint(nonce), bool(true));
}

export interface TimeStampCheck {
  ok: boolean;
  reasons: string[];
  genTime?: Date;
  serialHex?: string;
  signerCertificate?: X509Certificate;
}

function parseGeneralizedTime(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(s);
  if (!m) throw new Error(`bad GeneralizedTime ${s}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
}

/** Checks a DER TimeStampResp against the digest and nonce that were requested. */
export function checkTimeStampResponse(resp: Uint8Array, digest: Uint8Array, opts: { nonce?: Uint8Array; trustedCertsPem?: string[] } = {}): TimeStampCheck {
  const r: TimeStampCheck = { ok: false, reasons: [] };
  try {
    const top = children(resp, readTlv(resp, 0));
    const status = children(resp, top[0]);
    const code = bytesOf(resp, status[0]);
    if (code.length !== 1 || code[0] > 1) {
      r.reasons.push(`TSA refused (status ${Buffer.from(code).toString('hex')})`);
      return r;
    }
    if (!top[1]) {
      r.reasons.push('no timeStampToken');
      return r;
    }
    const ci = children(resp, top[1]);
    if (oidToString(bytesOf(resp, ci[0])) !== OID.signedData) throw new Error('token is not CMS SignedData');
    const sd = children(resp, children(resp, ci[1])[0]);
    const encap = children(resp, sd[2]);
    if (oidToString(bytesOf(resp, encap[0])) !== OID.tstInfo) throw new Error('content is not TSTInfo');
    const tstTlv = children(resp, encap[1])[0];
    const tst = bytesOf(resp, tstTlv);
    const tstFields = children(resp, readTlv(resp, tstTlv.content));
    // TSTInfo: version, policy, messageImprint, serialNumber, genTime, [accuracy], [ordering], [nonce], …
    const mi = children(resp, tstFields[2]);
    const alg = oidToString(bytesOf(resp, children(resp, mi[0])[0]));
    if (alg !== OID.sha256) r.reasons.push(`message imprint uses ${alg}, not SHA-256`);
    if (Buffer.compare(Buffer.from(bytesOf(resp, mi[1])), Buffer.from(digest)) !== 0) r.reasons.push('message imprint is not the checkpoint digest');
    r.serialHex = Buffer.from(bytesOf(resp, tstFields[3])).toString('hex');
    r.genTime = parseGeneralizedTime(Buffer.from(bytesOf(resp, tstFields[4])).toString('latin1'));
    const nonceTlv = tstFields.slice(5).find((f) => f.tag === 0x02);
    if (opts.nonce) {
      const want = Buffer.from(bytesOf(uint(opts.nonce), readTlv(uint(opts.nonce), 0)));
      if (!nonceTlv || Buffer.compare(Buffer.from(bytesOf(resp, nonceTlv)), want) !== 0) r.reasons.push('nonce does not match the request');
    }
    // certificates [0] IMPLICIT, then signerInfos (last SET)
    const certs: X509Certificate[] = [];
    const certField = sd.find((f: Tlv) => f.tag === 0xa0);
    if (certField) for (const c of children(resp, certField)) certs.push(new X509Certificate(Buffer.from(whole(resp, c))));
    const signerInfos = children(resp, sd[sd.length - 1]);
    if (signerInfos.length !== 1) throw new Error('expected one SignerInfo');
    const si = children(resp, signerInfos[0]);
    const digestName = DIGESTS[oidToString(bytesOf(resp, children(resp, si[2])[0]))];
    if (!digestName) throw new Error('unknown digest algorithm in SignerInfo');
    const attrs = si.find((f) => f.tag === 0xa0);
    if (!attrs) throw new Error('SignerInfo has no signed attributes');
    const md = children(resp, attrs).map((a) => children(resp, a)).find((a) => oidToString(bytesOf(resp, a[0])) === OID.messageDigest);
    const mdValue = md ? bytesOf(resp, children(resp, md[1])[0]) : undefined;
    if (!mdValue || Buffer.compare(Buffer.from(mdValue), createHash(digestName).update(tst).digest()) !== 0) r.reasons.push('messageDigest attribute does not match the TSTInfo');
    const signedAttrs = Buffer.from(whole(resp, attrs));
    signedAttrs[0] = 0x31; // signed over the DER SET OF, not the [0] IMPLICIT tag
    const signature = bytesOf(resp, si[si.indexOf(attrs) + 2]);
    const signer = certs.find((c) => {
      try {
        return nodeVerify(digestName, signedAttrs, c.publicKey, signature);
      } catch {
        return false;
      }
    });
    if (!signer) r.reasons.push('CMS signature does not verify with any certificate in the token');
    else {
      r.signerCertificate = signer;
      if (opts.trustedCertsPem?.length && !opts.trustedCertsPem.some((p) => new X509Certificate(p).raw.equals(signer.raw))) {
        r.reasons.push('token signed by a certificate that is not the trusted TSA certificate');
      }
    }
  } catch (e) {
    r.reasons.push(`malformed TimeStampResp: ${(e as Error).message}`);
  }
  r.ok = r.reasons.length === 0;
  return r;
}

export class Rfc3161AnchorProvider implements AnchorProvider {
  readonly name = 'rfc3161';
  constructor(private readonly opts: { url: string; trustedCertsPem: string[]; fetch?: typeof fetch }) {}

  async anchor(req: AnchorRequest): Promise<AnchorReceipt> {
    const digest = checkpointDigest(req.checkpoint);
    const nonce = randomBytes(8);
    const f = this.opts.fetch ?? fetch;
    const res = await f(this.opts.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: Buffer.from(buildTimeStampRequest(digest, nonce)) });
    if (!res.ok) throw new Error(`TSA ${this.opts.url}: HTTP ${res.status}`);
    const body = new Uint8Array(await res.arrayBuffer());
    const check = checkTimeStampResponse(body, digest, { nonce, trustedCertsPem: this.opts.trustedCertsPem });
    if (!check.ok) throw new Error(`TSA response rejected: ${check.reasons.join('; ')}`);
    return { provider: this.name, reference: check.serialHex!, receipt: body, anchoredAt: check.genTime! };
  }

  async verify(req: AnchorRequest, receipt: AnchorReceipt): Promise<{ ok: boolean; reasons: string[] }> {
    const c = checkTimeStampResponse(receipt.receipt, checkpointDigest(req.checkpoint), { trustedCertsPem: this.opts.trustedCertsPem });
    return { ok: c.ok, reasons: c.reasons };
  }
}
