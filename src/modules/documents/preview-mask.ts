// Field previews of a case document follow the display policy (PI-20, PI-22) like every other screen: a role that
// sees ID numbers, phones, names or addresses masked elsewhere sees them masked here too. Full values come only
// through the audited reveal path, or inside the rendered document for the roles allowed to generate it.
import { DEFAULT_POLICY, hiddenPlaceholder, maskText, maskValue, type PiiType, type Role } from '../../platform/pii/index.js';

interface PreviewField { source: string | null; text: string | null }

// Sources whose text is a debtor's name or address: free-text detectors cannot find these reliably, so their values
// are masked wherever they appear (also inside a party block that repeats them).
const BY_SOURCE: Record<string, PiiType> = { 'debtor.name': 'name', 'debtor.address': 'address' };

function shown(role: Role, type: PiiType, value: string): string {
  const vis = DEFAULT_POLICY[role][type];
  return vis === 'full' ? value : vis === 'hidden' ? hiddenPlaceholder(type) : maskValue(type, value);
}

export function maskFieldPreview<F extends PreviewField>(fields: readonly F[], role: Role): F[] {
  const known: Array<[string, string]> = [];
  for (const f of fields) {
    const type = f.source ? BY_SOURCE[f.source] : undefined;
    if (type && f.text && f.text.trim().length > 1) known.push([f.text, shown(role, type, f.text)]);
  }
  known.sort((a, b) => b[0].length - a[0].length);
  return fields.map((f) => {
    if (f.text == null) return f;
    let text = maskText(f.text, { role });
    for (const [raw, masked] of known) if (raw !== masked) text = text.split(raw).join(masked);
    return { ...f, text };
  });
}
