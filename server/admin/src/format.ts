/** Numbers, money, rates and dates through Intl, in the console's language. */
import { lang, t, tn } from './state.ts'

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()
const memo = <T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T => {
  const id = lang.value + '|' + key
  let f = cache.get(id)
  if (!f) cache.set(id, (f = make()))
  return f as T
}

export const num = (n: number) => memo('n', () => new Intl.NumberFormat(lang.value)).format(n)
/** +50 / −50 (a real minus sign where the language uses one). */
export const signed = (n: number) => memo('s', () => new Intl.NumberFormat(lang.value, { signDisplay: 'exceptZero' })).format(n)
export const points = (n: number) => tn('pointsCount', n)
export const signedPoints = (n: number) => tn('pointsChange', n, { n: signed(n) })

export function money(n: number, currency: string) {
  try {
    return memo('m' + currency, () => new Intl.NumberFormat(lang.value, { style: 'currency', currency })).format(n)
  } catch {
    return `${num(n)} ${currency}`
  }
}

export const percent = (rate: number) => memo('p', () => new Intl.NumberFormat(lang.value, { style: 'percent', maximumFractionDigits: 1 })).format(rate)

/** A moment (ISO timestamp) in the browser's time zone. */
export function dateTime(iso: string | null | undefined) {
  if (!iso) return t('none')
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return memo('dt', () => new Intl.DateTimeFormat(lang.value, { dateStyle: 'medium', timeStyle: 'short' })).format(d)
}

/** A calendar day: "2025-03-01" (or a timestamp) as that day, without time-zone shifts. */
export function day(iso: string | null | undefined) {
  if (!iso) return t('none')
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + 'T00:00:00Z') : new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const utc = /^\d{4}-\d{2}-\d{2}$/.test(iso)
  return memo('d' + utc, () => new Intl.DateTimeFormat(lang.value, { dateStyle: 'medium', ...(utc && { timeZone: 'UTC' }) })).format(d)
}
