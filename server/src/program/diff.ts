/** What changed between two program definitions, as paths (`rewards[1].cost`) with the values before and after. */
export interface Change {
  path: string
  before?: unknown
  after?: unknown
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x == 'object' && x !== null && !Array.isArray(x)

export function diff(before: unknown, after: unknown, path = 'program'): Change[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: Change[] = []
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= before.length) out.push({ path: `${path}[${i}]`, after: after[i] })
      else if (i >= after.length) out.push({ path: `${path}[${i}]`, before: before[i] })
      else out.push(...diff(before[i], after[i], `${path}[${i}]`))
    }
    return out
  }
  if (isObject(before) && isObject(after)) {
    const out: Change[] = []
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!(key in after)) out.push({ path: `${path}.${key}`, before: before[key] })
      else if (!(key in before)) out.push({ path: `${path}.${key}`, after: after[key] })
      else out.push(...diff(before[key], after[key], `${path}.${key}`))
    }
    return out
  }
  return [{ path, before, after }]
}
