// Signing by every party (DOC-08/09/10): the "signed by k of n" tag with who and when, and the staff / creditor-user
// signing control — confirm identity again with a one-time code sent to the account's e-mail, then sign the exact
// SHA-256 shown (the server refuses a digest that is no longer the document's).
import { useState } from 'react';
import { Alert, Button, Input, Space, Tag, Tooltip } from 'antd';
import { post } from '../../api/client';
import type { SignResult, SigningInfo, SigningParty } from '../../api/documents';
import { fmtTime, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { MSG } from './dict';

export function usePartyLabel() {
  const t = useLocalT(MSG);
  return (p: SigningParty) => (p === 'debtor' ? t('partyDebtor') : p === 'creditor' ? t('partyCreditor') : t('partyMediator'));
}

/** "已签 k/n" (or "各方已签署") with each party's signer and time in the tooltip. */
export function SigningTag({ s }: { s: SigningInfo }) {
  const t = useLocalT(MSG);
  const label = usePartyLabel();
  const lines = s.required.map((p) => {
    const x = s.signatures.find((y) => y.party === p);
    return x ? t('signedAt', { party: label(p), who: `${x.signer}${x.capacity === 'on_behalf' ? `（${t('onBehalf')}）` : ''}`, at: fmtTime(x.signedAt) }) : `${label(p)}：${t('waiting')}`;
  });
  return (
    <Tooltip title={<div>{lines.map((l) => <div key={l}>{l}</div>)}</div>}>
      <Tag color={s.fullySigned ? 'green' : s.signedCount ? 'gold' : undefined} data-testid={s.fullySigned ? 'doc-fully-signed' : 'doc-signed-k-of-n'}>
        {s.fullySigned ? `${t('fullySigned')} ${s.signedCount}/${s.requiredCount}` : t('signedKofN', { k: s.signedCount, n: s.requiredCount })}
      </Tag>
    </Tooltip>
  );
}

/** Sign a document for `party` as the signed-in user: e-mail code → sign with the digest read. */
export function PartySignButton({ documentId, sha256, party, onBehalf, onSigned }: { documentId: string; sha256: string; party: SigningParty; onBehalf?: boolean; onSigned: (r: SignResult) => void }) {
  const t = useLocalT(MSG);
  const label = usePartyLabel();
  const showError = useShowError();
  const [sent, setSent] = useState<{ sentTo: string; documentSha256: string } | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<SignResult | null>(null);
  const [busy, setBusy] = useState(false);
  const start = () => {
    setBusy(true);
    post<{ sentTo: string; documentSha256: string }>(`/api/v1/documents/${documentId}/sign-request`, { party }).then(setSent, showError).finally(() => setBusy(false));
  };
  const sign = () => {
    setBusy(true);
    post<SignResult>(`/api/v1/documents/${documentId}/sign`, { party, code, documentSha256: sent?.documentSha256 ?? sha256 })
      .then((r) => { setDone(r); onSigned(r); }, showError).finally(() => setBusy(false));
  };
  if (done) return <Alert type="success" showIcon message={t('partySignedOk', { party: label(party), leaf: done.evidenceLeaf })} data-testid="party-signed" />;
  if (!sent) return <Button size="small" type="primary" loading={busy} onClick={start} data-testid={`party-sign-request-${party}`}>{onBehalf ? t('signAsBehalf') : t('signAs', { party: label(party) })}</Button>;
  return (
    <Space wrap>
      <Alert type="info" showIcon message={t('emailSent', { to: sent.sentTo, digest: sent.documentSha256.slice(0, 16) })} />
      <Input style={{ width: 130 }} maxLength={6} placeholder={t('emailCode')} value={code} onChange={(e) => setCode(e.target.value)} data-testid="party-sign-code" />
      <Button type="primary" loading={busy} disabled={!/^\d{6}$/.test(code)} onClick={sign} data-testid="party-sign">{t('sign')}</Button>
    </Space>
  );
}
