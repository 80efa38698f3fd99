/** Overview → the two tables side by side: members per tier (with each tier's share) and the top rewards. */
import type { Overview } from './api.ts'
import { num, percent } from './format.ts'
import { t } from './state.ts'
import { TableRegion } from './ui.tsx'

export function TiersSection(props: { tiers: Overview['tiers'] }) {
  const { tiers } = props
  const tierTotal = tiers.reduce((sum, x) => sum + x.members, 0)
  return (
    <section aria-labelledby="tiers-title">
      <h2 id="tiers-title">{t('tiersTitle')}</h2>
      {tiers.length == 0 ? (
        <p>{t('noTiers')}</p>
      ) : (
        <TableRegion label={t('tiersTitle')} caption={false}>
          <thead>
            <tr>
              <th scope="col">{t('tier')}</th>
              <th scope="col" class="num">
                {t('members')}
              </th>
              <th scope="col" class="num">
                {t('share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {tiers.map((tier) => (
              <tr key={tier.id}>
                <th scope="row">{tier.name}</th>
                <td class="num">{num(tier.members)}</td>
                <td class="num">{tierTotal ? percent(tier.members / tierTotal) : t('none')}</td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      )}
    </section>
  )
}

export function RewardsSection(props: { rewards: Overview['topRewards'] }) {
  const { rewards } = props
  return (
    <section aria-labelledby="rewards-title">
      <h2 id="rewards-title">{t('topRewardsTitle')}</h2>
      {rewards.length == 0 ? (
        <p>{t('noRewards')}</p>
      ) : (
        <TableRegion label={t('topRewardsTitle')} caption={false}>
          <thead>
            <tr>
              <th scope="col">{t('reward')}</th>
              <th scope="col" class="num">
                {t('redemptions')}
              </th>
              <th scope="col" class="num">
                {t('points')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rewards.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td class="num">{num(r.redemptions)}</td>
                <td class="num">{num(r.points)}</td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      )}
    </section>
  )
}
