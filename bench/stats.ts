/** Medians with their range, and how the report prints numbers. */

export interface Stat {
  median: number | null
  min: number | null
  max: number | null
  n: number
}

export function stat(values: (number | null | undefined)[]): Stat {
  const v = values.filter((x): x is number => typeof x == 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (!v.length) return { median: null, min: null, max: null, n: 0 }
  const mid = Math.floor(v.length / 2)
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length }
}

/** a − b of the medians: one number, no range (the runs of a and b are not paired). */
export function deltaStat(a: Stat | undefined, b: Stat | undefined): Stat {
  if (a?.median == null || b?.median == null) return { median: null, min: null, max: null, n: 0 }
  return { median: a.median - b.median, min: null, max: null, n: 1 }
}

/** Fixed digits, and no "-0": a median of −0.02 KB reads as 0.0. */
export function fmt(x: number, digits: number): string {
  const s = x.toFixed(digits)
  return s == '-0' || /^-0\.0+$/.test(s) ? s.slice(1) : s
}
