/**
 * The launcher's label per locale. Part of each locale pack (the completeness
 * test checks it), kept apart so the 4 KB facade can draw the launcher in the
 * shopper's language before any pack loads.
 */
export const LAUNCHER_LABELS: Record<string, string> = {
  en: 'Rewards',
  lv: 'Atlīdzības',
  et: 'Preemiad',
  mk: 'Награди',
  ru: 'Бонусы',
}
