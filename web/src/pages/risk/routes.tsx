// Back-office pages of the risk area (see ../area.ts).
import type { AreaRoute } from '../area';

export const routes: AreaRoute[] = [];
