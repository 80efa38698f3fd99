import type { Ui } from './context.ts'

/**
 * An amount in the program's currency, in the shopper's locale ("€5", "5,50 €"): whole amounts without
 * decimals. Home's best next reward and the views show it.
 */
export const money = (ui: Ui, n: number): string =>
  new Intl.NumberFormat(ui.i18n.value.locale, {
    style: 'currency',
    currency: ui.client.state.program.value?.currency ?? 'EUR',
    maximumFractionDigits: n % 1 ? 2 : 0,
  }).format(n)
