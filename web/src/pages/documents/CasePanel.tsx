// The documents panel of the case page (see ../area.ts).
export default function CasePanel(_: { caseId: string }) {
  return null;
}
