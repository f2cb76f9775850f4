// Response types of the evidence API (docs/evidence.md) and the package download (zip, with progress).
export interface EvidenceCheckpoint {
  size: number;
  rootHex: string;
  issuedAt: string;
  cosignatures: { witnessName: string; witnessVkey: string; receivedAt: string }[];
  anchors: { id: string; provider: string; reference: string; anchoredAt: string }[];
}

export interface EvidenceOverview {
  origin: string | null;
  hash: string | null;
  size: number;
  rootHex: string | null;
  checkpointCount: number;
  anchorConfigured: boolean;
  vkeys: { vkey: string; algorithm: string }[];
  checkpoints: EvidenceCheckpoint[];
}

export interface EvidenceItem {
  leafIndex: number;
  type: string;
  caseId: string | null;
  leafHash: string;
  contentSha256: string | null;
  recordedAt: string;
  checkpointSize: number | null;
  witnessed: boolean;
  anchored: boolean;
}

export interface EvidenceItems {
  logSize: number;
  items: EvidenceItem[];
}

export interface AuditReport {
  ok: boolean;
  size: number;
  leavesChecked: number;
  nodesChecked: number;
  checkpointsChecked: number;
  findings: { kind: string; detail: string; leafIndex?: number; size?: number }[];
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
}

export interface Witness {
  vkey: string;
  name: string;
  algorithm: string;
  registeredBy: string;
  registeredAt: string;
}

/** Downloads a package zip (GET, so no CSRF token is needed), reporting progress 0..1; returns the bytes and saves the file. */
export async function downloadPackage(query: string, onProgress: (p: number) => void): Promise<Uint8Array> {
  const res = await fetch(`/api/v1/evidence/packages?${query}`, { credentials: 'include', headers: { accept: 'application/zip, application/problem+json' } });
  if (!res.ok) {
    const p = await res.json().catch(() => ({ detail: `HTTP ${res.status}` }));
    throw new Error(p.detail || p.title || `HTTP ${res.status}`);
  }
  const total = Number(res.headers.get('content-length') ?? 0);
  const reader = res.body!.getReader();
  const parts: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    got += value.length;
    onProgress(total ? got / total : 0.5);
  }
  const bytes = new Uint8Array(got);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  onProgress(1);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'evidence-package.zip';
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.dataset.testid = 'evidence-download-link';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return bytes;
}
