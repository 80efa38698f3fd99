import { useContext } from 'preact/hooks'
import type { Member, Program } from '../../core/contract.ts'
import type { View } from '../../core/events.ts'
import { UiContext } from '../context.ts'

/** Buttons to the other views. */
function Shortcuts({ views }: { views: View[] }) {
  const { i18n, open } = useContext(UiContext)
  return (
    <nav aria-label={i18n.value.t('title')}>
      <ul class="nav">
        {views.map((v) => (
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

function GuestHome({ program }: { program: Program }) {
  const { i18n, open, offer } = useContext(UiContext)
  const { t, points } = i18n.value
  return (
    <>
      {offer.value && <p class="card ok">{t('invited', { offer: offer.value.friend.description })}</p>}
      <div class="card">
        <p class="big">{t('joinBonus', { points: points(program.signupBonus) })}</p>
        <p>{t('joinPitch')}</p>
        <button type="button" class="btn w" part="button" onClick={() => open('signup')}>
          {t('join')}
        </button>
      </div>
      <p class="m">{t('signInHint')}</p>
      <Shortcuts views={['earn', 'rewards', 'tiers']} />
    </>
  )
}

/** Balance, points about to expire, tier and progress to the next tier: the member's card, on home and in `<loyalkit-points>`. */
export function BalanceCard({ member }: { member: Member }) {
  const { t, points, number, date } = useContext(UiContext).i18n.value
  const next = member.nextTier
  const progress = next ? Math.min(1, member.lifetimePoints / next.threshold) : 1
  return (
    <div class="card">
      <div class="m">{t('balance')}</div>
      <p class="big">{points(member.balance)}</p>
      {member.expiring && <p>{t('expiring', { count: member.expiring.points, date: date(member.expiring.date) })}</p>}
      <p>{t('tier', { tier: member.tier.name })}</p>
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

function MemberHome({ member, program }: { member: Member; program: Program }) {
  const { i18n, welcome, views } = useContext(UiContext)
  const { t, points } = i18n.value
  // The best reward the member can take now, else the cheapest one still out of reach.
  const sorted = [...program.rewards].sort((a, b) => b.cost - a.cost)
  const can = sorted.find((r) => r.cost <= member.balance)
  const near = can ? null : sorted[sorted.length - 1]
  return (
    <>
      {welcome.value > 0 && <p class="ok">{t('welcome', { points: points(welcome.value) })}</p>}
      <p>{member.name ? t('hello', { name: member.name }) : t('helloNoName')}</p>
      <BalanceCard member={member} />
      {can && <p>{t('canRedeem', { reward: can.name })}</p>}
      {near && <p>{t('moreFor', { count: near.cost - member.balance, reward: near.name })}</p>}
      <Shortcuts views={['earn', 'rewards', 'referral', 'activity', 'tiers']} />
      {/* The marketing-consent switch comes with the secondary views (fetched as soon as the panel is used). */}
      {views.value && <views.value.consent />}
    </>
  )
}

export function Home() {
  const { client } = useContext(UiContext)
  const program = client.state.program.value!
  const member = client.state.member.value
  return member ? <MemberHome member={member} program={program} /> : <GuestHome program={program} />
}
