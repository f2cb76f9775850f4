// Confidence thresholds per use of the detectors (PI-08 de-identification, PI-22 display masks). One table so that
// every caller states what it is doing, not a number:
// - ui_mask: masking in the UI may be eager (a masked ordinary word costs a click, a shown name is a disclosure);
// - log_scrub and erasure must be eager (a log line or an erased record that keeps personal data is a breach, a
//   scrubbed ordinary word is harmless);
// - analytics_export is strict: a kept analytics column is refused only on near-certain direct identifiers, so that
//   ordinary values do not block exports (identifiers are pseudonymised by column, not found in text).

export const DETECTION_THRESHOLDS = {
  ui_mask: 0.5,
  log_scrub: 0.3,
  erasure: 0.3,
  analytics_export: 0.9,
} as const;
export type DetectionUse = keyof typeof DETECTION_THRESHOLDS;
export const DETECTION_USES = Object.keys(DETECTION_THRESHOLDS) as DetectionUse[];

/** The threshold of a use (an explicit `minConfidence` wins over it). */
export function thresholdFor(use: DetectionUse | undefined, minConfidence?: number): number {
  return minConfidence ?? DETECTION_THRESHOLDS[use ?? 'ui_mask'];
}
