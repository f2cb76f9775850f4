// Dashboard cards: each module contributes counts about its own data; the composition root lists them.
import type { Tx } from './db/index.js';

export interface DashboardCard {
  key: string;
  labelZh: string;
  labelEn: string;
  count(tx: Tx): Promise<number>;
}
