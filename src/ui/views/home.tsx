import { useContext } from 'preact/hooks'
import type { Member, Program } from '../../core/contract.ts'
import { UiContext } from '../context.ts'

function GuestHome({ program }: { program: Program }) {
  const { i18n, open } = useContext(UiContext)
  const { t, points, money } = i18n.value
  const purchase = program.rules.find((r) => r.kind == 'purchase')
  return (
    <>
      <div class="card">
        <p class="big">{t('joinBonus', { points: points(program.signupBonus) })}</p>
        <p>{t('joinPitch')}</p>
        <button type="button" class="btn w" part="button" onClick={() => open('signup')}>{t('join')}</button>
      </div>
      <p class="m">{t('signInHint')}</p>
      <h3>{t('waysToEarn')}</h3>
      <ul>
        {program.rules.map((r) => (
          <li key={r.id}>
            <span>{r.name}</span>
            <span class="m">
              {r == purchase ? t('perEuro', { points: points(r.points), money: money(r.per ?? 1) }) : points(r.points)}
            </span>
          </li>
        ))}
      </ul>
      <h3>{t('rewards')}</h3>
      <ul>
        {program.rewards.map((r) => (
          <li key={r.id}><span>{r.name}</span><span class="m">{points(r.cost)}</span></li>
        ))}
      </ul>
      <h3>{t('tiers')}</h3>
      <ul>
        {program.tiers.map((tier) => (
          <li key={tier.id}><span>{tier.name}</span><span class="m">{t('tierAt', { points: points(tier.threshold) })}</span></li>
        ))}
      </ul>
    </>
  )
}

function MemberHome({ member }: { member: Member }) {
  const { i18n, welcome } = useContext(UiContext)
  const { t, points, number } = i18n.value
  const next = member.nextTier
  const progress = next ? Math.min(1, member.lifetimePoints / next.threshold) : 1
  return (
    <>
      {welcome.value > 0 && <p class="ok">{t('welcome', { points: points(welcome.value) })}</p>}
      <p>{member.name ? t('hello', { name: member.name }) : t('helloNoName')}</p>
      <div class="card">
        <div class="m">{t('balance')}</div>
        <p class="big">{points(member.balance)}</p>
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
    </>
  )
}

export function Home() {
  const { client } = useContext(UiContext)
  const program = client.state.program.value!
  const member = client.state.member.value
  return member ? <MemberHome member={member} /> : <GuestHome program={program} />
}
