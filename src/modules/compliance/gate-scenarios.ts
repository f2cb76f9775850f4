// Cross-path scenarios written from the spec (each row cites its rule): the same proposed contact is put to the HTTP
// check, the composer preview, the campaign planner and the dialer record path, which must all decide the same.
// Rows are generated from small tables (local times × channels × messages); the expectation of each row is derived
// from the spec's rules below, not from the gate's code.
import type { Channel } from './rule-sets.js';

export interface PathScenario {
  name: string;
  channel: Channel;
  /** Debtor-local wall clock HH:MM on the scenario day. */
  time: string;
  /** Message kind; the text is built with the case's real agency and creditor names (COL-40). */
  message: MessageKind;
  allow: boolean;
  rules: string[];
}

export type MessageKind = 'none' | 'polite' | 'impersonation' | 'exposure' | 'insult' | 'blacklist' | 'spaced_impersonation' | 'fullwidth_insult';

export const MESSAGES: Record<MessageKind, { build: (agency: string, creditor: string) => string | undefined; rules: string[] }> = {
  none: { build: () => undefined, rules: [] },
  polite: { build: (a, c) => `【${a}】受${c}委托提醒您：账单已到期，可登录官方小程序查看还款方式。`, rules: [] },
  // COL-42: posing as the police.
  impersonation: { build: (a, c) => `【${a}】受${c}委托：我是公安局的，请配合处理。`, rules: ['COL-42'] },
  // COL-43 (通知单位/家人 as a threat) + COL-34 (telling others about the debt).
  exposure: { build: (a, c) => `【${a}】受${c}委托：再不处理就通知你单位领导。`, rules: ['COL-43', 'COL-34'] },
  // COL-46: insults.
  insult: { build: (a, c) => `【${a}】受${c}委托：你这个老赖。`, rules: ['COL-46'] },
  // COL-43: invented blacklist.
  blacklist: { build: (a, c) => `【${a}】受${c}委托：不还款就上黑名单。`, rules: ['COL-43'] },
  // COL-42 evasion: spaced-out characters.
  spaced_impersonation: { build: (a, c) => `【${a}】受${c}委托：我是 法 * 院 的工作人员。`, rules: ['COL-42'] },
  // COL-46 evasion: full-width letters.
  fullwidth_insult: { build: (a, c) => `【${a}】受${c}委托：ｓｂ，还钱。`, rules: ['COL-46'] },
};

/** COL-10 (22:00–08:00) and COL-11 (21:00–08:00) cover every channel but letters and the portal (pull, not push). */
const WINDOWED: Channel[] = ['voice_agent', 'sms', 'email', 'im'];
const TIMES = ['07:30', '08:00', '10:00', '14:30', '20:59', '21:00', '21:30', '22:00', '23:45', '03:00'];
const CHANNELS: Channel[] = ['sms', 'email', 'im', 'letter'];

function windowRules(channel: Channel, time: string): string[] {
  if (!WINDOWED.includes(channel)) return [];
  const [h, m] = time.split(':').map(Number);
  const minute = h * 60 + m;
  if (minute >= 22 * 60 || minute < 8 * 60) return ['COL-10', 'COL-11'];
  if (minute >= 21 * 60) return ['COL-11'];
  return [];
}

function row(channel: Channel, time: string, message: MessageKind): PathScenario {
  const rules = [...windowRules(channel, time), ...MESSAGES[message].rules];
  return { name: `${rules.join('+') || 'allow'}: ${channel} at ${time}, ${message}`, channel, time, message, allow: rules.length === 0, rules: [...new Set(rules)].sort() };
}

/** Time windows (COL-10/11) × channels with a polite message, and content rules (COL-42/43/34/46) × channels at 10:00 and 23:45. */
export const PATH_SCENARIOS: PathScenario[] = [
  ...CHANNELS.flatMap((c) => TIMES.map((t) => row(c, t, 'polite'))),
  ...CHANNELS.flatMap((c) => (['impersonation', 'exposure', 'insult', 'blacklist', 'spaced_impersonation', 'fullwidth_insult'] as MessageKind[])
    .flatMap((m) => ['08:00', '10:00', '14:30', '23:45', '21:30'].map((t) => row(c, t, m)))),
  ...TIMES.map((t) => row('voice_agent', t, 'none')),
];
