// Back-office pages of the privacy area (see ../area.ts).
import type { AreaRoute } from '../area';

export const routes: AreaRoute[] = [];
