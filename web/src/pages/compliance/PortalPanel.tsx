// The compliance panel of the debtor portal (see ../area.ts).
export default function PortalPanel(_: { caseRef: string }) {
  return null;
}
