/**
 * The loyalty program of this server: loaded from a JSON file, validated with
 * clear messages, and rendered per language into the contract's `Program`.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { EarningRule, FriendOffer, Program, Reward, RewardKind, RuleKind, Tier } from '../../src/core/contract.ts'
import { LANGUAGES, localize, type Text } from './i18n.ts'

export interface RuleDef {
  id: string
  kind: RuleKind
  name: Text
  points: number
  per?: number
  claimable: boolean
  url?: string
}

export interface RewardDef {
  id: string
  kind: RewardKind
  name: Text
  description?: Text
  cost: number
  value?: number
  imageUrl?: string
}

export interface TierDef {
  id: string
  name: Text
  threshold: number
  multiplier: number
  perks: Text[]
}

/** The program file, as validated. */
export interface ProgramDef {
  key: string
  name: Text
  currency: string
  rules: RuleDef[]
  rewards: RewardDef[]
  /** Sorted by threshold, the first at 0. */
  tiers: TierDef[]
  referral: { friend: { kind: FriendOffer['kind']; value: number; description: Text } }
  signupFields: Program['signupFields']
  termsUrl: string
  privacyUrl: string
  allowedOrigins: string[]
  /** Base of referral links; when absent the request's origin is used. No trailing slash. */
  storeUrl?: string
  /** Prefix of coupon codes (`TP-XXXX-XXXX`). */
  couponPrefix: string
}

export class ProgramError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid loyalty program ${source}:\n${problems.map((p) => '  - ' + p).join('\n')}`)
    this.name = 'ProgramError'
  }
}

const RULE_KINDS: RuleKind[] = ['purchase', 'signup', 'birthday', 'newsletter', 'social_follow', 'referral']
const CLAIMABLE_KINDS: RuleKind[] = ['birthday', 'newsletter', 'social_follow']
const REWARD_KINDS: RewardKind[] = ['amount_off', 'percent_off', 'free_shipping', 'free_product', 'donation']
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

/** A hand-written structural checker that collects every problem with its path. */
class Checker {
  readonly problems: string[] = []
  /** Paths reported missing: no further problems are reported at or below them. */
  private readonly missing: string[] = []

  fail(path: string, message: string): undefined {
    const hidden = this.missing.some((m) => path == m || path.startsWith(m + '.') || path.startsWith(m + '['))
    const line = `${path}: ${message}`
    if (!hidden && !this.problems.includes(line)) this.problems.push(line)
    return undefined
  }

  /** `optional: '*'` allows any other key (language maps). */
  object(value: unknown, path: string, keys: { required: string[]; optional?: string[] | '*' }): Record<string, unknown> | undefined {
    if (typeof value != 'object' || value === null || Array.isArray(value)) return this.fail(path, 'expected an object')
    const record = value as Record<string, unknown>
    if (keys.optional != '*') {
      const known = new Set([...keys.required, ...(keys.optional ?? []), '$comment'])
      for (const key of Object.keys(record)) if (!known.has(key)) this.fail(`${path}.${key}`, 'unknown field')
    }
    for (const key of keys.required) {
      if (record[key] === undefined) {
        this.fail(`${path}.${key}`, 'is required')
        this.missing.push(`${path}.${key}`)
      }
    }
    return record
  }

  array(value: unknown, path: string): unknown[] | undefined {
    return Array.isArray(value) ? value : this.fail(path, 'expected an array')
  }

  string(value: unknown, path: string, pattern?: RegExp): string | undefined {
    if (typeof value != 'string' || value.trim() == '') return this.fail(path, 'expected a non-empty string')
    if (pattern && !pattern.test(value)) return this.fail(path, `"${value}" does not match ${pattern}`)
    return value
  }

  boolean(value: unknown, path: string): boolean | undefined {
    return typeof value == 'boolean' ? value : this.fail(path, 'expected true or false')
  }

  count(value: unknown, path: string): number | undefined {
    return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : this.fail(path, 'expected a whole number ≥ 0')
  }

  positive(value: unknown, path: string): number | undefined {
    return typeof value == 'number' && Number.isFinite(value) && value > 0 ? value : this.fail(path, 'expected a number > 0')
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T | undefined {
    return options.includes(value as T) ? (value as T) : this.fail(path, `expected one of ${options.join(', ')}`)
  }

  text(value: unknown, path: string): Text | undefined {
    if (typeof value == 'string') return this.string(value, path)
    const map = this.object(value, path, { required: ['en'], optional: '*' })
    if (!map) return undefined
    for (const [language, string] of Object.entries(map)) {
      if (!LANGUAGE_TAG.test(language)) this.fail(`${path}.${language}`, 'not a language tag')
      else this.string(string, `${path}.${language}`)
    }
    return map as Text
  }

  url(value: unknown, path: string, schemes: string[] = ['https:']): string | undefined {
    const string = this.string(value, path)
    if (string === undefined) return undefined
    try {
      const url = new URL(string)
      if (!schemes.includes(url.protocol)) return this.fail(path, `must be a ${schemes.join(' or ')} URL`)
      return string
    } catch {
      return this.fail(path, 'not a valid URL')
    }
  }

  origin(value: unknown, path: string): string | undefined {
    const string = this.url(value, path, ['http:', 'https:'])
    if (string === undefined) return undefined
    return new URL(string).origin == string ? string : this.fail(path, `"${string}" is not an origin (scheme://host[:port], no path or slash)`)
  }

  unique(ids: (string | undefined)[], path: string): void {
    const seen = new Set<string>()
    ids.forEach((id, i) => {
      if (id === undefined) return
      if (seen.has(id)) this.fail(`${path}[${i}].id`, `duplicate id "${id}"`)
      seen.add(id)
    })
  }
}

/** Validates parsed program JSON; throws a ProgramError listing every problem. */
export function parseProgram(json: unknown, source = 'program'): ProgramDef {
  const c = new Checker()
  const root = c.object(json, 'program', {
    required: ['key', 'name', 'currency', 'rules', 'rewards', 'tiers', 'referral', 'signupFields', 'termsUrl', 'privacyUrl', 'allowedOrigins'],
    optional: ['storeUrl', 'couponPrefix', '$schema'],
  })
  if (!root) throw new ProgramError(source, c.problems)

  const rules = (c.array(root.rules, 'program.rules') ?? []).map((value, i): RuleDef => {
    const p = `program.rules[${i}]`
    const r = c.object(value, p, { required: ['id', 'kind', 'name', 'points', 'claimable'], optional: ['per', 'url'] }) ?? {}
    const kind = c.oneOf(r.kind, `${p}.kind`, RULE_KINDS)
    const claimable = c.boolean(r.claimable, `${p}.claimable`)
    if (kind && claimable && !CLAIMABLE_KINDS.includes(kind)) c.fail(`${p}.claimable`, `a ${kind} rule cannot be claimable`)
    if (kind && claimable === false && CLAIMABLE_KINDS.includes(kind)) c.fail(`${p}.claimable`, `a ${kind} rule must be claimable`)
    if (kind == 'purchase' && r.per === undefined) c.fail(`${p}.per`, 'is required for purchase rules')
    if (kind != 'purchase' && r.per !== undefined) c.fail(`${p}.per`, 'only purchase rules have per')
    if (kind == 'social_follow' && r.url === undefined) c.fail(`${p}.url`, 'is required for social_follow rules')
    if (kind != 'social_follow' && r.url !== undefined) c.fail(`${p}.url`, 'only social_follow rules have url')
    const rule: RuleDef = {
      id: c.string(r.id, `${p}.id`, ID)!,
      kind: kind!,
      name: c.text(r.name, `${p}.name`)!,
      points: c.count(r.points, `${p}.points`)!,
      claimable: claimable!,
    }
    if (r.per !== undefined) rule.per = c.positive(r.per, `${p}.per`)
    if (r.url !== undefined) rule.url = c.url(r.url, `${p}.url`)
    return rule
  })
  c.unique(rules.map((r) => r.id), 'program.rules')
  for (const kind of ['purchase', 'signup', 'referral'] as const) {
    if (rules.filter((r) => r.kind == kind).length > 1) c.fail('program.rules', `at most one ${kind} rule`)
  }
  if (!rules.some((r) => r.kind == 'purchase')) c.fail('program.rules', 'a purchase rule is required')

  const rewards = (c.array(root.rewards, 'program.rewards') ?? []).map((value, i): RewardDef => {
    const p = `program.rewards[${i}]`
    const r = c.object(value, p, { required: ['id', 'kind', 'name', 'cost'], optional: ['description', 'value', 'imageUrl'] }) ?? {}
    const kind = c.oneOf(r.kind, `${p}.kind`, REWARD_KINDS)
    const reward: RewardDef = {
      id: c.string(r.id, `${p}.id`, ID)!,
      kind: kind!,
      name: c.text(r.name, `${p}.name`)!,
      cost: c.count(r.cost, `${p}.cost`)!,
    }
    if (r.description !== undefined) reward.description = c.text(r.description, `${p}.description`)
    if (kind == 'amount_off' || kind == 'percent_off') {
      reward.value = c.positive(r.value, `${p}.value`)
      if (kind == 'percent_off' && reward.value !== undefined && reward.value > 100) c.fail(`${p}.value`, 'a percentage ≤ 100')
    } else if (r.value !== undefined) c.fail(`${p}.value`, `a ${kind} reward has no value`)
    if (r.imageUrl !== undefined) reward.imageUrl = c.url(r.imageUrl, `${p}.imageUrl`)
    return reward
  })
  c.unique(rewards.map((r) => r.id), 'program.rewards')

  const tiers = (c.array(root.tiers, 'program.tiers') ?? []).map((value, i): TierDef => {
    const p = `program.tiers[${i}]`
    const t = c.object(value, p, { required: ['id', 'name', 'threshold', 'multiplier', 'perks'] }) ?? {}
    return {
      id: c.string(t.id, `${p}.id`, ID)!,
      name: c.text(t.name, `${p}.name`)!,
      threshold: c.count(t.threshold, `${p}.threshold`)!,
      multiplier: c.positive(t.multiplier, `${p}.multiplier`)!,
      perks: (c.array(t.perks, `${p}.perks`) ?? []).map((perk, j) => c.text(perk, `${p}.perks[${j}]`)!),
    }
  })
  c.unique(tiers.map((t) => t.id), 'program.tiers')
  if (tiers.length == 0) c.fail('program.tiers', 'at least one tier')
  else if (tiers[0]!.threshold !== 0) c.fail('program.tiers[0].threshold', 'the first tier starts at 0')
  tiers.forEach((t, i) => {
    if (i > 0 && !(t.threshold > tiers[i - 1]!.threshold)) c.fail(`program.tiers[${i}].threshold`, 'thresholds must increase')
  })

  const referral = c.object(root.referral, 'program.referral', { required: ['friend'] }) ?? {}
  const friend = c.object(referral.friend, 'program.referral.friend', { required: ['kind', 'value', 'description'] }) ?? {}
  const friendKind = c.oneOf(friend.kind, 'program.referral.friend.kind', ['percent_off', 'amount_off'] as const)
  const friendValue = c.positive(friend.value, 'program.referral.friend.value')
  if (friendKind == 'percent_off' && friendValue !== undefined && friendValue > 100) c.fail('program.referral.friend.value', 'a percentage ≤ 100')

  const fields = c.object(root.signupFields, 'program.signupFields', { required: ['name', 'birthday', 'marketing'] }) ?? {}

  const def: ProgramDef = {
    key: c.string(root.key, 'program.key', /^[A-Za-z0-9_-]{1,64}$/)!,
    name: c.text(root.name, 'program.name')!,
    currency: c.string(root.currency, 'program.currency', /^[A-Z]{3}$/)!,
    rules,
    rewards,
    tiers,
    referral: {
      friend: { kind: friendKind!, value: friendValue!, description: c.text(friend.description, 'program.referral.friend.description')! },
    },
    signupFields: {
      name: c.boolean(fields.name, 'program.signupFields.name')!,
      birthday: c.boolean(fields.birthday, 'program.signupFields.birthday')!,
      marketing: c.boolean(fields.marketing, 'program.signupFields.marketing')!,
    },
    termsUrl: c.url(root.termsUrl, 'program.termsUrl')!,
    privacyUrl: c.url(root.privacyUrl, 'program.privacyUrl')!,
    allowedOrigins: (c.array(root.allowedOrigins, 'program.allowedOrigins') ?? []).map((o, i) => c.origin(o, `program.allowedOrigins[${i}]`)!),
    couponPrefix: root.couponPrefix === undefined ? 'LK' : c.string(root.couponPrefix, 'program.couponPrefix', /^[A-Z0-9]{1,6}$/)!,
  }
  if (root.storeUrl !== undefined) {
    const storeUrl = c.url(root.storeUrl, 'program.storeUrl', ['http:', 'https:'])
    if (storeUrl) def.storeUrl = storeUrl.replace(/\/+$/, '')
  }
  if (c.problems.length) throw new ProgramError(source, c.problems)
  return def
}

/** Reads and validates a program file. */
export function loadProgram(path: string): ProgramDef {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ProgramError(path, [(error as Error).message])
  }
  return parseProgram(json, path)
}

/** Languages the program has any string in, plus the server's own. */
export function programLanguages(def: ProgramDef): string[] {
  const found = new Set<string>(LANGUAGES)
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value == 'object') {
      const record = value as Record<string, unknown>
      if (typeof record.en == 'string' && Object.values(record).every((v) => typeof v == 'string')) {
        Object.keys(record).forEach((k) => found.add(k.toLowerCase()))
      } else Object.values(record).forEach(visit)
    }
  }
  visit(def)
  return [...found]
}

/** The contract's Program in one language. */
export function renderProgram(def: ProgramDef, language: string): Program {
  const t = (text: Text) => localize(text, language)
  return {
    key: def.key,
    name: t(def.name),
    currency: def.currency,
    signupBonus: signupBonus(def),
    rules: def.rules.map((r): EarningRule => ({
      id: r.id,
      kind: r.kind,
      name: t(r.name),
      points: r.points,
      ...(r.per !== undefined && { per: r.per }),
      claimable: r.claimable,
      ...(r.url !== undefined && { url: r.url }),
    })),
    rewards: def.rewards.map((r): Reward => ({
      id: r.id,
      kind: r.kind,
      name: t(r.name),
      ...(r.description !== undefined && { description: t(r.description) }),
      cost: r.cost,
      ...(r.value !== undefined && { value: r.value }),
      ...(r.imageUrl !== undefined && { imageUrl: r.imageUrl }),
    })),
    tiers: def.tiers.map((tier): Tier => ({
      id: tier.id,
      name: t(tier.name),
      threshold: tier.threshold,
      multiplier: tier.multiplier,
      perks: tier.perks.map(t),
    })),
    referral: {
      friend: { kind: def.referral.friend.kind, value: def.referral.friend.value, description: t(def.referral.friend.description) },
      advocatePoints: advocatePoints(def),
    },
    signupFields: { ...def.signupFields },
    termsUrl: def.termsUrl,
    privacyUrl: def.privacyUrl,
  }
}

/** A rendered program with its JSON and strong ETag, cached per language. */
export interface RenderedProgram {
  language: string
  program: Program
  json: string
  etag: string
}

export function programRenderer(def: ProgramDef): (language: string) => RenderedProgram {
  const cache = new Map<string, RenderedProgram>()
  return (language) => {
    let rendered = cache.get(language)
    if (!rendered) {
      const program = renderProgram(def, language)
      const json = JSON.stringify(program)
      const hash = createHash('sha256').update(language).update('\0').update(json).digest('base64url').slice(0, 27)
      rendered = { language, program, json, etag: `"${hash}"` }
      cache.set(language, rendered)
    }
    return rendered
  }
}

export const signupBonus = (def: ProgramDef): number => def.rules.find((r) => r.kind == 'signup')?.points ?? 0
export const advocatePoints = (def: ProgramDef): number => def.rules.find((r) => r.kind == 'referral')?.points ?? 0
export const purchaseRule = (def: ProgramDef): RuleDef => def.rules.find((r) => r.kind == 'purchase')!

/** The highest tier whose threshold ≤ lifetime points, and the one after it. */
export function tierFor(def: ProgramDef, lifetimePoints: number): { tier: TierDef; next: TierDef | null } {
  let index = 0
  def.tiers.forEach((t, i) => {
    if (t.threshold <= lifetimePoints) index = i
  })
  return { tier: def.tiers[index]!, next: def.tiers[index + 1] ?? null }
}
