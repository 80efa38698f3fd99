/**
 * The loyalty program of this server: a JSON file, validated once at start-up
 * (valibot, every problem with its path) and rendered per language into the
 * contract's `Program`.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as v from 'valibot'
import { BADGE_KINDS, FRIEND_KINDS, REWARD_KINDS, RULE_KINDS, type EarningRule, type Program, type Reward, type Tier } from 'loyalkit/contract'
import { LANGUAGES, localize, type Text } from './i18n.ts'

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/
const CLAIMABLE_KINDS: readonly string[] = ['birthday', 'newsletter', 'social_follow']
/** Badge kinds that need a `count` (the others have none). */
const COUNTED_BADGES: readonly string[] = ['orders', 'referrals', 'member_years', 'lifetime_points']

const nonEmpty = v.pipe(v.string('expected a string'), v.trim(), v.nonEmpty('expected a non-empty string'))
const id = v.pipe(nonEmpty, v.regex(ID, `expected an id matching ${ID}`))
/** Points, costs, days and months are stored as 32-bit integers: a larger one is refused here, not met as a 500 later. */
const INT4 = 2_147_483_647
const count = v.pipe(
  v.number('expected a number'),
  v.safeInteger('expected a whole number ≥ 0'),
  v.minValue(0, 'expected a whole number ≥ 0'),
  v.maxValue(INT4, `expected at most ${INT4}`),
)
const positive = v.pipe(v.number('expected a number'), v.finite('expected a number > 0'), v.gtValue(0, 'expected a number > 0'))
const url = (schemes: string[]) =>
  v.pipe(
    nonEmpty,
    v.check(
      (s) => {
        try {
          return schemes.includes(new URL(s).protocol)
        } catch {
          return false
        }
      },
      `must be a ${schemes.join(' or ')} URL`,
    ),
  )
/**
 * A picture of a reward or an offer: an https: URL, or a path on the store's own site (`/images/pouch.png`),
 * which the widget loads from the page it is on. Nothing else: the widget draws no other scheme.
 */
const imageUrl = v.union(
  [url(['https:']), v.pipe(nonEmpty, v.regex(/^\/(?!\/)\S*$/, 'must be an https: URL or a path on the store’s site such as /images/pouch.png'))],
  'must be an https: URL or a path on the store’s site such as /images/pouch.png',
)
const text = v.union(
  [
    nonEmpty,
    v.pipe(
      v.objectWithRest({ en: nonEmpty }, nonEmpty),
      v.check((map) => Object.keys(map).every((k) => LANGUAGE_TAG.test(k)), 'keys must be language tags'),
    ),
  ],
  'expected a string or a { "en": …, "lv": … } map',
)
const origin = v.pipe(
  url(['http:', 'https:']),
  v.check((s) => new URL(s).origin == s, 'is not an origin (scheme://host[:port], no path or slash)'),
)
const strict = <T extends v.ObjectEntries>(entries: T) => v.strictObject({ ...entries, $comment: v.optional(v.string()) }, 'expected an object')

const RuleFile = strict({
  id,
  kind: v.picklist(RULE_KINDS, `expected one of ${RULE_KINDS.join(', ')}`),
  name: text,
  points: count,
  per: v.optional(positive),
  claimable: v.boolean('expected true or false'),
  url: v.optional(url(['https:'])),
  /** punch_card: every this-many-th order earns `points` and, with `rewardId`, that reward's coupon. */
  every: v.optional(v.pipe(count, v.minValue(2, 'expected a whole number ≥ 2'))),
  rewardId: v.optional(id),
})

const RewardFile = strict({
  id,
  kind: v.picklist(REWARD_KINDS, `expected one of ${REWARD_KINDS.join(', ')}`),
  name: text,
  description: v.optional(text),
  // A reward costs at least 1 point: a free one could be redeemed without end.
  cost: v.pipe(count, v.minValue(1, 'a reward costs at least 1 point')),
  value: v.optional(positive),
  imageUrl: v.optional(imageUrl),
  /** The coupon applies to orders of at least this amount. */
  minOrderAmount: v.optional(positive),
})

const instant = v.pipe(v.string('expected a date-time'), v.isoTimestamp('expected an ISO 8601 date-time with a time zone, e.g. 2026-12-05T00:00:00Z'))

/** A points campaign for a date range: a multiplier of purchase points and/or a bonus per order. */
const CampaignFile = strict({
  id,
  name: text,
  startsAt: instant,
  endsAt: instant,
  multiplier: v.optional(positive),
  bonus: v.optional(count),
})

/**
 * A member-only offer: early access, a member price, a limited edition. Every member may use it,
 * or only those at `tier` and above; between `startsAt` and `endsAt` when they are given. Its
 * `code` (a discount code the store set up) is shown only to members it is open to.
 */
const OfferFile = strict({
  id,
  name: text,
  description: v.optional(text),
  imageUrl: v.optional(imageUrl),
  /** Where the shopper uses it: a product or landing page of the store. */
  url: v.optional(url(['https:'])),
  tier: v.optional(id),
  startsAt: v.optional(instant),
  endsAt: v.optional(instant),
  code: v.optional(v.pipe(nonEmpty, v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected 1–40 letters, digits, _ or -'))),
})

/** An achievement a member earns once: what earns it is its `kind` with `count` or `tier`. */
const BadgeFile = strict({
  id,
  kind: v.picklist(BADGE_KINDS, `expected one of ${BADGE_KINDS.join(', ')}`),
  name: text,
  description: v.optional(text),
  count: v.optional(v.pipe(count, v.minValue(1, 'expected a whole number ≥ 1'))),
  tier: v.optional(id),
})

const TierFile = strict({ id, name: text, threshold: count, multiplier: positive, perks: v.array(text, 'expected an array') })

export const ProgramFileSchema = v.strictObject(
  {
    $schema: v.optional(v.string()),
    $comment: v.optional(v.string()),
    key: v.pipe(nonEmpty, v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1–64 letters, digits, _ or -')),
    name: text,
    currency: v.pipe(v.string('expected a string'), v.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')),
    couponPrefix: v.optional(v.pipe(v.string('expected a string'), v.regex(/^[A-Z0-9]{1,6}$/, 'expected 1–6 capital letters or digits')), 'LK'),
    rules: v.array(RuleFile, 'expected an array'),
    rewards: v.array(RewardFile, 'expected an array'),
    tiers: v.array(TierFile, 'expected an array'),
    referral: strict({
      friend: strict({
        kind: v.picklist(FRIEND_KINDS, 'expected percent_off or amount_off'),
        value: positive,
        description: text,
      }),
      /** The friend's first order completes the referral when at least this amount. */
      minOrderAmount: v.optional(v.pipe(v.number('expected a number'), v.minValue(0, 'expected a number ≥ 0')), 0),
      /** Referrals that pay one advocate per calendar month (UTC). */
      monthlyCap: v.optional(v.pipe(count, v.minValue(1, 'expected at least 1')), 10),
    }),
    campaigns: v.optional(v.array(CampaignFile, 'expected an array'), []),
    offers: v.optional(v.array(OfferFile, 'expected an array'), []),
    badges: v.optional(v.array(BadgeFile, 'expected an array'), []),
    /** Days a coupon stays usable after it is issued; none: no expiry. */
    // A hundred years at most: dates beyond what the database and ISO 8601 write would fail each use.
    couponExpiryDays: v.optional(v.pipe(count, v.minValue(1, 'expected at least 1 day'), v.maxValue(36_500, 'expected at most 36500 days'))),
    /** Points expire after this many months without activity (earning or redeeming); none: never. */
    pointsExpiryMonths: v.optional(v.pipe(count, v.minValue(1, 'expected at least 1 month'), v.maxValue(1_200, 'expected at most 1200 months'))),
    signupFields: strict({
      name: v.boolean('expected true or false'),
      birthday: v.boolean('expected true or false'),
      marketing: v.boolean('expected true or false'),
    }),
    termsUrl: url(['https:']),
    privacyUrl: url(['https:']),
    allowedOrigins: v.array(origin, 'expected an array'),
    storeUrl: v.optional(
      v.pipe(
        url(['http:', 'https:']),
        v.transform((s) => s.replace(/\/+$/, '')),
      ),
    ),
  },
  'expected an object',
)

/** The program file, as validated. */
export type ProgramDef = v.InferOutput<typeof ProgramFileSchema>
export type RuleDef = ProgramDef['rules'][number]
export type RewardDef = ProgramDef['rewards'][number]
export type TierDef = ProgramDef['tiers'][number]
export type OfferDef = ProgramDef['offers'][number]
export type BadgeDef = ProgramDef['badges'][number]

export class ProgramError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid loyalty program ${source}:\n${problems.map((p) => '  - ' + p).join('\n')}`)
    this.name = 'ProgramError'
  }
}

/** `program.rules[2].claimable` from a valibot issue path. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = 'program'
  for (const item of issue.path ?? []) out += typeof item.key == 'number' ? `[${item.key}]` : `.${String(item.key)}`
  return out
}

type Loose = Record<string, unknown>
const items = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter((x): x is Loose => typeof x == 'object' && x !== null) : [])

/**
 * Rules across fields that a shape cannot say. They read the raw JSON (defensively),
 * so a file with shape problems too gets every problem in one go.
 */
function crossChecks(root: Loose): string[] {
  const problems: string[] = []
  const rules = items(root.rules)
  const rewardIds = new Set(items(root.rewards).map((r) => r.id))
  rules.forEach((r, i) => {
    const p = `program.rules[${i}]`
    const kind = String(r.kind)
    const claimableKind = CLAIMABLE_KINDS.includes(kind)
    if (r.claimable === true && !claimableKind) problems.push(`${p}.claimable: a ${kind} rule cannot be claimable`)
    if (r.claimable === false && claimableKind) problems.push(`${p}.claimable: a ${kind} rule must be claimable`)
    if (kind == 'purchase' && r.per === undefined) problems.push(`${p}.per: is required for purchase rules`)
    if (kind != 'purchase' && r.per !== undefined) problems.push(`${p}.per: only purchase rules have per`)
    if (kind == 'social_follow' && r.url === undefined) problems.push(`${p}.url: is required for social_follow rules`)
    if (kind != 'social_follow' && r.url !== undefined) problems.push(`${p}.url: only social_follow rules have url`)
    if (kind == 'punch_card') {
      if (r.every === undefined) problems.push(`${p}.every: is required for punch_card rules`)
      if (r.points === 0 && r.rewardId === undefined) problems.push(`${p}: a punch_card rule earns points, a reward or both`)
      if (typeof r.rewardId == 'string' && !rewardIds.has(r.rewardId)) problems.push(`${p}.rewardId: no reward has the id "${r.rewardId}"`)
    } else {
      if (r.every !== undefined) problems.push(`${p}.every: only punch_card rules have every`)
      if (r.rewardId !== undefined) problems.push(`${p}.rewardId: only punch_card rules have rewardId`)
    }
  })
  for (const kind of ['purchase', 'signup', 'referral'] as const) {
    if (rules.filter((r) => r.kind == kind).length > 1) problems.push(`program.rules: at most one ${kind} rule`)
  }
  if (Array.isArray(root.rules) && !rules.some((r) => r.kind == 'purchase')) problems.push('program.rules: a purchase rule is required')
  items(root.rewards).forEach((r, i) => {
    const p = `program.rewards[${i}].value`
    const valued = r.kind == 'amount_off' || r.kind == 'percent_off'
    if (valued && r.value === undefined) problems.push(`${p}: is required for ${String(r.kind)} rewards`)
    if (!valued && r.value !== undefined) problems.push(`${p}: a ${String(r.kind)} reward has no value`)
    if (r.kind == 'percent_off' && typeof r.value == 'number' && r.value > 100) problems.push(`${p}: a percentage ≤ 100`)
  })
  const friend = (root.referral as Loose | undefined)?.friend as Loose | undefined
  if (friend?.kind == 'percent_off' && typeof friend.value == 'number' && friend.value > 100) problems.push('program.referral.friend.value: a percentage ≤ 100')
  items(root.campaigns).forEach((c, i) => {
    const p = `program.campaigns[${i}]`
    if (c.multiplier === undefined && c.bonus === undefined) problems.push(`${p}: a campaign has a multiplier, a bonus or both`)
    if (typeof c.startsAt == 'string' && typeof c.endsAt == 'string' && !(Date.parse(c.endsAt) > Date.parse(c.startsAt)))
      problems.push(`${p}.endsAt: must be after startsAt`)
  })
  const tiers = items(root.tiers)
  const tierIds = new Set(tiers.map((t) => t.id))
  items(root.offers).forEach((o, i) => {
    const p = `program.offers[${i}]`
    if (typeof o.tier == 'string' && !tierIds.has(o.tier)) problems.push(`${p}.tier: no tier has the id "${o.tier}"`)
    if (typeof o.startsAt == 'string' && typeof o.endsAt == 'string' && !(Date.parse(o.endsAt) > Date.parse(o.startsAt)))
      problems.push(`${p}.endsAt: must be after startsAt`)
  })
  items(root.badges).forEach((b, i) => {
    const p = `program.badges[${i}]`
    const kind = String(b.kind)
    if (COUNTED_BADGES.includes(kind) && b.count === undefined) problems.push(`${p}.count: is required for ${kind} badges`)
    if (!COUNTED_BADGES.includes(kind) && b.count !== undefined) problems.push(`${p}.count: a ${kind} badge has no count`)
    if (kind == 'tier' && b.tier === undefined) problems.push(`${p}.tier: is required for tier badges`)
    if (kind != 'tier' && b.tier !== undefined) problems.push(`${p}.tier: only tier badges have tier`)
    if (typeof b.tier == 'string' && !tierIds.has(b.tier)) problems.push(`${p}.tier: no tier has the id "${b.tier}"`)
  })
  if (Array.isArray(root.tiers) && tiers.length == 0) problems.push('program.tiers: at least one tier')
  else if (tiers.length && tiers[0]!.threshold !== 0) problems.push('program.tiers[0].threshold: the first tier starts at 0')
  tiers.forEach((t, i) => {
    const previous = tiers[i - 1]?.threshold
    if (i > 0 && typeof t.threshold == 'number' && typeof previous == 'number' && !(t.threshold > previous))
      problems.push(`program.tiers[${i}].threshold: thresholds must increase`)
  })
  for (const name of ['rules', 'rewards', 'tiers', 'campaigns', 'offers', 'badges'] as const) {
    const seen = new Set<unknown>()
    items(root[name]).forEach((item, i) => {
      if (seen.has(item.id)) problems.push(`program.${name}[${i}].id: duplicate id "${String(item.id)}"`)
      seen.add(item.id)
    })
  }
  return problems
}

/** Validates parsed program JSON; throws a ProgramError listing every problem. */
export function parseProgram(json: unknown, source = 'program'): ProgramDef {
  // valibot's objects accept arrays: a program file is a JSON object.
  if (typeof json != 'object' || json === null || Array.isArray(json)) throw new ProgramError(source, ['program: expected an object'])
  const parsed = v.safeParse(ProgramFileSchema, json, { abortEarly: false })
  const problems = parsed.success
    ? []
    : parsed.issues.map((issue) => {
        const path = pathOf(issue)
        if (issue.input === undefined && issue.expected?.startsWith('"')) return `${path}: is required`
        if (issue.type == 'strict_object' && issue.expected == 'never') return `${path}: unknown field`
        return `${path}: ${issue.message}`
      })
  if (typeof json == 'object' && json !== null && !Array.isArray(json)) problems.push(...crossChecks(json as Loose))
  if (!parsed.success || problems.length) throw new ProgramError(source, [...new Set(problems)])
  return parsed.output
}

/** Reads and validates a program file. */
export function loadProgram(path: string): ProgramDef {
  return readProgramFile(path).def
}

/** A program file: validated, with its text (versions record what the file said). */
export function readProgramFile(path: string): { def: ProgramDef; text: string } {
  let text: string
  let json: unknown
  try {
    text = readFileSync(path, 'utf8')
    json = JSON.parse(text)
  } catch (error) {
    throw new ProgramError(path, [(error as Error).message])
  }
  return { def: parseProgram(json, path), text }
}

/** Languages the program has any string in, plus the server's own. */
export function programLanguages(def: ProgramDef): string[] {
  const found = new Set<string>(LANGUAGES)
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value == 'object') {
      const record = value as Record<string, unknown>
      if (typeof record.en == 'string' && Object.values(record).every((x) => typeof x == 'string')) {
        Object.keys(record).forEach((k) => found.add(k.toLowerCase()))
      } else Object.values(record).forEach(visit)
    }
  }
  visit(def)
  return [...found]
}

/** An offer or a campaign has ended at `at` (its end is exclusive). */
const ended = (o: { endsAt?: string }, at: number) => o.endsAt !== undefined && Date.parse(o.endsAt) <= at

/** The contract's Program in one language, as at `at` (offers that have ended are left out). */
export function renderProgram(def: ProgramDef, language: string, at = Date.now()): Program {
  const t = (s: Text) => localize(s, language)
  return {
    key: def.key,
    name: t(def.name),
    currency: def.currency,
    signupBonus: signupBonus(def),
    rules: def.rules.map(
      (r): EarningRule => ({
        id: r.id,
        kind: r.kind,
        name: t(r.name),
        points: r.points,
        ...(r.per !== undefined && { per: r.per }),
        claimable: r.claimable,
        ...(r.url !== undefined && { url: r.url }),
        ...(r.every !== undefined && { every: r.every }),
        ...(r.rewardId !== undefined && { rewardId: r.rewardId }),
      }),
    ),
    rewards: def.rewards.map(
      (r): Reward => ({
        id: r.id,
        kind: r.kind,
        name: t(r.name),
        ...(r.description !== undefined && { description: t(r.description) }),
        cost: r.cost,
        ...(r.value !== undefined && { value: r.value }),
        ...(r.imageUrl !== undefined && { imageUrl: r.imageUrl }),
      }),
    ),
    tiers: def.tiers.map(
      (tier): Tier => ({
        id: tier.id,
        name: t(tier.name),
        threshold: tier.threshold,
        multiplier: tier.multiplier,
        perks: tier.perks.map(t),
      }),
    ),
    referral: {
      friend: { kind: def.referral.friend.kind, value: def.referral.friend.value, description: t(def.referral.friend.description) },
      advocatePoints: advocatePoints(def),
    },
    signupFields: { ...def.signupFields },
    termsUrl: def.termsUrl,
    privacyUrl: def.privacyUrl,
    // Guests see them too: what joining, or the next tier, would open.
    offers: def.offers
      .filter((o) => !ended(o, at))
      .map((o) => ({
        id: o.id,
        name: t(o.name),
        ...(o.description !== undefined && { description: t(o.description) }),
        ...(o.imageUrl !== undefined && { imageUrl: o.imageUrl }),
        ...(o.url !== undefined && { url: o.url }),
        tier: o.tier ?? null,
        startsAt: o.startsAt ?? null,
        endsAt: o.endsAt ?? null,
      })),
    // Running and coming ones, so the widget can say "double points from Friday".
    campaigns: def.campaigns
      .filter((c) => !ended(c, at))
      .map((c) => ({
        id: c.id,
        name: t(c.name),
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        ...(c.multiplier !== undefined && { multiplier: c.multiplier }),
        ...(c.bonus !== undefined && { bonus: c.bonus }),
      })),
    // Guests see them too: what there is to earn.
    badges: def.badges.map((b) => ({
      id: b.id,
      kind: b.kind,
      name: t(b.name),
      ...(b.description !== undefined && { description: t(b.description) }),
      ...(b.count !== undefined && { count: b.count }),
      ...(b.tier !== undefined && { tier: b.tier }),
    })),
  }
}

/** A rendered program with its JSON and strong ETag, cached per language. */
export interface RenderedProgram {
  language: string
  program: Program
  json: string
  etag: string
}

export function programRenderer(def: ProgramDef, generation: () => number = () => 0): (language: string) => RenderedProgram {
  const cache = new Map<string, RenderedProgram>()
  let seen = generation()
  // When the next listed offer or campaign ends: the rendered programs list it until then. (Unknown yet: the first call finds it.)
  let until = -Infinity
  return (language) => {
    const now = Date.now()
    // A new version of the program (saved in the console, or by another replica), or an offer or
    // campaign that has just ended: render again.
    if (generation() != seen || now >= until) {
      cache.clear()
      seen = generation()
      const ends = [...def.offers, ...def.campaigns].filter((o) => !ended(o, now) && o.endsAt !== undefined).map((o) => Date.parse(o.endsAt!))
      until = Math.min(Infinity, ...ends)
    }
    let rendered = cache.get(language)
    if (!rendered) {
      const program = renderProgram(def, language, now)
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
/** The punch-card rules: each counts every order credited to a member. */
export const punchCardRules = (def: ProgramDef): (RuleDef & { every: number })[] =>
  def.rules.filter((r): r is RuleDef & { every: number } => r.kind == 'punch_card' && r.every !== undefined)

/** Campaigns running at `at` (start inclusive, end exclusive). */
export const runningCampaigns = (def: ProgramDef, at: Date): ProgramDef['campaigns'] =>
  def.campaigns.filter((c) => Date.parse(c.startsAt) <= at.getTime() && at.getTime() < Date.parse(c.endsAt))

/**
 * The offers open to a member at `at`: running (started, not ended) and at or below the member's
 * tier (tiers are ordered by threshold, so "at or below" is by position in the list).
 */
export function openOffers(def: ProgramDef, tierId: string, at: number): OfferDef[] {
  const rank = (id: string) => def.tiers.findIndex((t) => t.id == id)
  return def.offers.filter(
    (o) => (o.startsAt === undefined || Date.parse(o.startsAt) <= at) && !ended(o, at) && (o.tier === undefined || rank(o.tier) <= rank(tierId)),
  )
}

/** The highest tier whose threshold ≤ lifetime points, and the one after it. */
export function tierFor(def: ProgramDef, lifetimePoints: number): { tier: TierDef; next: TierDef | null } {
  let index = 0
  def.tiers.forEach((t, i) => {
    if (t.threshold <= lifetimePoints) index = i
  })
  return { tier: def.tiers[index]!, next: def.tiers[index + 1] ?? null }
}
