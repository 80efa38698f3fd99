/**
 * The launcher's label per locale, unless the integrator gave one. The facade
 * draws it before any pack loads, and the UI keeps what the facade drew, so it
 * lives here rather than in the packs (a locale needs a label here to ship).
 */
export const LAUNCHER_LABELS: Record<string, string> = {
  en: 'Rewards',
  lv: 'Atlīdzības',
  et: 'Preemiad',
  mk: 'Награди',
  ru: 'Бонусы',
  lt: 'Prizai',
  uk: 'Бонуси',
  pl: 'Nagrody',
  de: 'Prämien',
  fr: 'Récompenses',
  es: 'Premios',
  ar: 'مكافآت',
}
