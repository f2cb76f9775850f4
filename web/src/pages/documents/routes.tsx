// Back-office pages of the documents area (see ../area.ts).
import type { AreaRoute } from '../area';

export const routes: AreaRoute[] = [];
