// Back-office pages of the ledger area (see ../area.ts).
import type { AreaRoute } from '../area';

export const routes: AreaRoute[] = [];
