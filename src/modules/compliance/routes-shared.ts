// Shared zod schemas and helpers of the compliance HTTP adapters (routes-*.ts).
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { requirePrincipal } from '../../platform/http/access.js';
import type { Role } from '../../platform/tenancy.js';
import type { FiredRule } from './contact-gate.js';

export const STAFF: Role[] = ['tenant_admin', 'collector', 'legal_officer', 'compliance_officer', 'mediator'];
export const OFFICERS: Role[] = ['tenant_admin', 'compliance_officer'];
export const READERS: Role[] = STAFF;

export const Id = z.string().min(1).max(64);
export const CaseParams = z.strictObject({ id: Id });
export const Hit = z.object({ ruleId: z.string(), ruleIds: z.array(z.string()).optional(), category: z.string(), matched: z.string(), start: z.number(), end: z.number() });
export const Fired = z.object({ ruleId: z.string(), check: z.string(), reasonZh: z.string(), reasonEn: z.string(), nextAllowedAt: z.string().optional(), hits: z.array(Hit).optional() });

export const firedOut = (fired: FiredRule[]) =>
  fired.map((f) => ({ ruleId: f.ruleId, check: f.check, reasonZh: f.reasonZh, reasonEn: f.reasonEn, ...(f.nextAllowedAt ? { nextAllowedAt: f.nextAllowedAt } : {}),
    ...(f.hits ? { hits: f.hits.map(({ ruleId, ruleIds, category, matched, start, end }) => ({ ruleId, ruleIds, category, matched, start, end })) } : {}) }));

export const actorOf = (req: FastifyRequest) => {
  const p = requirePrincipal(req);
  return { userId: p.userId ?? p.id, roles: [p.role as string] };
};
