// Back-office pages of the evidence area (see ../area.ts).
import type { AreaRoute } from '../area';

export const routes: AreaRoute[] = [];
