// Back-office pages of the compliance area (see ../area.ts).
import type { AreaRoute } from '../area';

export const routes: AreaRoute[] = [];
