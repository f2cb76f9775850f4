// Back-office pages of the cases area (see ../area.ts).
import type { AreaRoute } from '../area';

export const routes: AreaRoute[] = [];
