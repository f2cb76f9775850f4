// Call recordings (COL-60..62): stored write-once in the evidence file store, linked to an allowed contact attempt,
// transcripts screened for banned content, COL-61 retention with legal holds.
import { one, rows, sql, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { getCase } from '../cases/index.js';
import { appendEvidence, storeEvidenceFile } from '../evidence/index.js';
import { screenContent, type ScreenHit } from './content-screen.js';
import { complianceError } from './errors.js';
import { evidenceActor } from './template-store.js';

const DAY_MS = 86_400_000;
const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;


export const RECORDING_RETENTION_YEARS = 5;
const AUDIO = /^audio\/[a-z0-9.+-]+$/;

export interface RecordingView {
  id: string;
  caseId: string | null;
  attemptId: string;
  sha256: string;
  mediaType: string | null;
  sizeBytes: number | null;
  durationSeconds: number;
  startedAt: string;
  announcedRecording: boolean;
  retainUntil: string | null;
  legalHold: boolean;
  retentionStatus: string;
  transcript: string | null;
  transcriptHits: Array<Pick<ScreenHit, 'ruleId' | 'category' | 'matched' | 'start' | 'end'>>;
}

function recordingView(x: Record<string, unknown>): RecordingView {
  return {
    id: String(x.id), caseId: (x.case_id as string | null) ?? null, attemptId: String(x.attempt_id), sha256: String(x.sha256), mediaType: (x.media_type as string | null) ?? null,
    sizeBytes: x.size_bytes == null ? null : Number(x.size_bytes), durationSeconds: Number(x.duration_seconds), startedAt: ts(x.started_at),
    announcedRecording: Boolean(x.announced_recording), retainUntil: x.retain_until ? ts(x.retain_until) : null, legalHold: Boolean(x.legal_hold),
    retentionStatus: String(x.retention_status), transcript: (x.transcript as string | null) ?? null, transcriptHits: json(x.transcript_hits ?? []),
  };
}

const hitsOf = (text: string) => screenContent(text).hits.map(({ ruleId, category, matched, start, end }) => ({ ruleId, category, matched, start, end }));

/**
 * Stores a call recording write-once in the evidence file store (SHA-256 + SM3) with an evidence leaf, linked to an
 * allowed contact attempt of the case; retention 5 years (COL-61 default). A transcript, if given, is screened.
 * Throws CASES_NOT_FOUND, COMPLIANCE_RECORDING_INVALID (naming the field).
 */
export async function storeRecording(tx: Tx, r: { caseId: string; attemptId: string; bytes: Uint8Array; mediaType: string; durationSeconds: number; announcedRecording: boolean; transcript?: string; by: string }): Promise<RecordingView> {
  await getCase(tx, r.caseId);
  if (!AUDIO.test(r.mediaType)) throw complianceError('COMPLIANCE_RECORDING_INVALID', { field: 'file', detail: `an audio file is required, got ${r.mediaType}` });
  if (r.bytes.length === 0) throw complianceError('COMPLIANCE_RECORDING_INVALID', { field: 'file', detail: 'the file is empty' });
  const att = await one<{ attempted_at: unknown }>(tx, sql`SELECT attempted_at FROM compliance.contact_attempts WHERE id = ${r.attemptId} AND case_id = ${r.caseId} AND decision = 'allow'`);
  if (!att) throw complianceError('COMPLIANCE_RECORDING_INVALID', { field: 'attemptId', detail: 'no allowed contact attempt with this id on this case' });
  const content = await storeEvidenceFile(tx, r.bytes, r.mediaType);
  const id = newId('rec');
  const startedAt = ts(att.attempted_at);
  const retain = new Date(Date.parse(startedAt) + RECORDING_RETENTION_YEARS * 365 * DAY_MS).toISOString();
  await tx.execute(sql`INSERT INTO compliance.recordings (tenant_id, id, attempt_id, storage_key, sha256, duration_seconds, started_at, announced_recording, retain_until,
      case_id, media_type, size_bytes, transcript, transcript_hits, uploaded_by)
    VALUES (current_setting('app.tenant_id', true), ${id}, ${r.attemptId}, ${`evidence:${content.sha256}`}, ${content.sha256}, ${r.durationSeconds}, ${startedAt}::timestamptz,
      ${r.announcedRecording}, ${retain}::timestamptz, ${r.caseId}, ${r.mediaType}, ${content.size}, ${r.transcript ?? null},
      ${JSON.stringify(r.transcript ? hitsOf(r.transcript) : [])}::jsonb, ${r.by})`);
  await appendEvidence(tx, { type: 'recording.stored', case: r.caseId, actor: evidenceActor(r.by), occurredAt: startedAt, content, refs: { attempt: r.attemptId, recording: id }, meta: { announced: r.announcedRecording, seconds: r.durationSeconds } });
  return getRecording(tx, id);
}

export async function getRecording(tx: Tx, id: string, caseId?: string): Promise<RecordingView> {
  const x = await one<Record<string, unknown>>(tx, sql`SELECT * FROM compliance.recordings WHERE id = ${id} AND (${caseId ?? null}::text IS NULL OR case_id = ${caseId ?? null})`);
  if (!x) throw complianceError('COMPLIANCE_RECORDING_NOT_FOUND', { detail: id });
  return recordingView(x);
}

export async function listRecordings(tx: Tx, caseId: string): Promise<RecordingView[]> {
  await getCase(tx, caseId);
  return (await rows<Record<string, unknown>>(tx, sql`SELECT * FROM compliance.recordings WHERE case_id = ${caseId} ORDER BY started_at DESC`)).map(recordingView);
}

/** Attaches or replaces the transcript; it is screened and the hits are stored with it (COL-42..46, COL-92). */
export async function setTranscript(tx: Tx, caseId: string, id: string, transcript: string): Promise<RecordingView> {
  await getRecording(tx, id, caseId);
  await tx.execute(sql`UPDATE compliance.recordings SET transcript = ${transcript}, transcript_hits = ${JSON.stringify(hitsOf(transcript))}::jsonb WHERE id = ${id}`);
  return getRecording(tx, id);
}

export async function setRecordingLegalHold(tx: Tx, caseId: string, id: string, on: boolean): Promise<RecordingView> {
  await getRecording(tx, id, caseId);
  await tx.execute(sql`UPDATE compliance.recordings SET legal_hold = ${on},
    retention_status = CASE WHEN retention_status = 'expired' THEN 'expired' WHEN retain_until < now() THEN (CASE WHEN ${on} THEN 'expired_on_hold' ELSE 'expired' END) ELSE 'retained' END
    WHERE id = ${id}`);
  return getRecording(tx, id);
}

/**
 * COL-61 retention sweep: recordings past retain_until become `expired` (or `expired_on_hold` while a legal hold is on).
 * The audio bytes live in the write-once evidence store and are not deleted here: the status tells the evidence
 * purge what may go; digests stay so the log still verifies.
 */
export async function sweepRecordingRetention(tx: Tx, now = new Date()): Promise<{ expired: number; onHold: number }> {
  const e = await rows(tx, sql`UPDATE compliance.recordings SET retention_status = 'expired' WHERE retain_until < ${now.toISOString()}::timestamptz AND NOT legal_hold AND retention_status <> 'expired' RETURNING id`);
  const h = await rows(tx, sql`UPDATE compliance.recordings SET retention_status = 'expired_on_hold' WHERE retain_until < ${now.toISOString()}::timestamptz AND legal_hold AND retention_status = 'retained' RETURNING id`);
  return { expired: e.length, onHold: h.length };
}
