// Client-side check of a unified social credit code (GB 32100-2015 check character); the server re-checks.
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidUscc(raw: string): boolean {
  const s = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(s[i]) * WEIGHTS[i];
  const c = (31 - (sum % 31)) % 31;
  return CHARS[c] === s[17];
}
