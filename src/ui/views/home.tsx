import { useContext, useRef } from 'preact/hooks'
import type { Member, Program } from '../../core/contract.ts'
import type { View } from '../../core/events.ts'
import { UiContext, type Ui } from '../context.ts'
import { money } from '../money.ts'

/** Buttons to the other views; offers and badges only when the program has some. */
function Shortcuts({ views }: { views: View[] }) {
  const { i18n, open, client } = useContext(UiContext)
  const program = client.state.program.value!
  return (
    <nav aria-label={i18n.value.t('title')}>
      <ul class="nav">
        {views
          .filter((v) => (v != 'offers' && v != 'badges') || program[v]?.length)
          .map((v) => (
            <li key={v}>
              <button type="button" class="go" onClick={() => open(v)}>
                {i18n.value.t(v as 'earn')}
              </button>
            </li>
          ))}
      </ul>
    </nav>
  )
}

/**
 * The campaigns running now ("Double points weekend — until 6 Dec"), for guests and members alike: all of
 * them, as the server applies all of them to an order.
 */
export function Campaigns({ ui, program }: { ui: Ui; program: Program }) {
  const now = Date.now()
  // The end is exclusive: "until" names the last day inside the window.
  return program.campaigns
    ?.filter((c) => Date.parse(c.startsAt) <= now && now < Date.parse(c.endsAt))
    .map((c) => (
      <p class="cp" key={c.id}>
        {ui.i18n.value.t('campaign', { name: c.name, date: ui.i18n.value.date(Date.parse(c.endsAt) - 1) })}
      </p>
    ))
}

function GuestHome({ program }: { program: Program }) {
  const ui = useContext(UiContext)
  const { t, points } = ui.i18n.value
  return (
    <>
      <Campaigns ui={ui} program={program} />
      {ui.offer.value && <p class="card ok">{t('invited', { offer: ui.offer.value.friend.description })}</p>}
      <div class="card">
        <p class="big">{t('joinBonus', { points: points(program.signupBonus) })}</p>
        <p>{t('joinPitch')}</p>
        <button type="button" class="btn w" part="button" onClick={() => ui.open('signup')}>
          {t('join')}
        </button>
      </div>
      <p class="m">{t('signInHint')}</p>
      <Shortcuts views={['earn', 'rewards', 'offers', 'badges', 'tiers']} />
    </>
  )
}

/** The balance each member was last shown at, on this page: what arrived since is celebrated. */
const shown: Record<string, number> = {}

/**
 * Points that arrived since the member's balance was last shown (a purchase while the panel was closed, a
 * claim), worked out once per balance: later renders of the same card keep it, a new card starts at 0.
 */
function useGain(member: Member): number {
  const seen = useRef<[balance: number, gain: number] | null>(null)
  if (seen.current?.[0] != member.balance) {
    const before = shown[member.id] ?? member.seen?.balance ?? member.balance
    seen.current = [member.balance, Math.max(0, member.balance - before)]
    shown[member.id] = member.balance
  }
  return seen.current![1]
}

/**
 * Balance, points about to expire, tier and progress to the next tier: the member's card, on home and in
 * `<loyalkit-points>`. Points that arrived since it was last shown rise beside the balance (not under
 * reduced motion).
 */
export function BalanceCard({ member }: { member: Member }) {
  const { t, points, number, date } = useContext(UiContext).i18n.value
  const next = member.nextTier
  const progress = next ? Math.min(1, member.lifetimePoints / next.threshold) : 1
  const gained = useGain(member)
  return (
    <div class="card">
      <div class="m">{t('balance')}</div>
      <p class="big">{points(member.balance)}</p>
      {gained > 0 && (
        <span class="pop" key={member.balance} aria-hidden="true">
          +{number(gained)}
        </span>
      )}
      {member.expiring && <p>{t('expiring', { count: member.expiring.points, date: date(member.expiring.date) })}</p>}
      <p>
        <span class="tb">{t('tier', { tier: member.tier.name })}</span>
      </p>
      {next ? (
        <>
          <div
            class="bar"
            role="progressbar"
            aria-label={t('toNextTier', { points: points(next.pointsNeeded), tier: next.name })}
            aria-valuemin={0}
            aria-valuemax={next.threshold}
            aria-valuenow={Math.min(member.lifetimePoints, next.threshold)}
            aria-valuetext={number(member.lifetimePoints) + ' / ' + number(next.threshold)}
          >
            <i style={{ width: progress * 100 + '%' }} />
          </div>
          <p class="m">{t('toNextTier', { points: points(next.pointsNeeded), tier: next.name })}</p>
        </>
      ) : (
        <p class="m">{t('topTier')}</p>
      )}
    </div>
  )
}

/**
 * The rewards within reach: the best one the member can take now, and the one they reach soonest, with
 * what it takes in points and, from the program's purchase rule and the member's tier, in shopping.
 */
function NextReward({ ui, member, program }: { ui: Ui; member: Member; program: Program }) {
  const { t } = ui.i18n.value
  const sorted = [...program.rewards].sort((a, b) => b.cost - a.cost)
  const can = sorted.find((r) => r.cost <= member.balance)
  // Reached soonest: the cheapest of those still out of reach.
  const near = sorted.filter((r) => r.cost > member.balance).pop()
  const need = near ? near.cost - member.balance : 0
  const rule = program.rules.find((r) => r.kind == 'purchase')
  const rate = rule ? (rule.points * (program.tiers.find((x) => x.id == member.tier.id)?.multiplier ?? 1)) / (rule.per ?? 1) : 0
  return (
    <>
      {can && <p>{t('canRedeem', { reward: can.name })}</p>}
      {near && <p>{t(rate ? 'moreForMoney' : 'moreFor', { count: need, reward: near.name, money: rate && money(ui, Math.ceil(need / rate)) })}</p>}
    </>
  )
}

function MemberHome({ member, program }: { member: Member; program: Program }) {
  const ui = useContext(UiContext)
  const { t, points } = ui.i18n.value
  return (
    <>
      {ui.welcome.value > 0 && <p class="ok">{t('welcome', { points: points(ui.welcome.value) })}</p>}
      <Campaigns ui={ui} program={program} />
      <p>{member.name ? t('hello', { name: member.name }) : t('helloNoName')}</p>
      <BalanceCard member={member} />
      <NextReward ui={ui} member={member} program={program} />
      <Shortcuts views={['earn', 'rewards', 'offers', 'badges', 'referral', 'activity', 'tiers', 'profile']} />
    </>
  )
}

export function Home() {
  const { client } = useContext(UiContext)
  const program = client.state.program.value!
  const member = client.state.member.value
  return member ? <MemberHome member={member} program={program} /> : <GuestHome program={program} />
}
