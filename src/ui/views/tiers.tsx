import { useContext } from 'preact/hooks'
import { UiContext } from '../context.ts'

/** All tiers with thresholds, multipliers and perks; the member's own is marked. */
export function Tiers() {
  const ui = useContext(UiContext)
  const { t, points } = ui.i18n.value
  const current = ui.client.state.member.value?.tier.id
  return (
    <ul>
      {ui.client.state.program.value!.tiers.map((tier) => (
        <li key={tier.id} class={tier.id == current ? 'cur' : undefined} aria-current={tier.id == current ? 'true' : undefined}>
          <div>
            <strong dir="auto">{tier.name}</strong>
            {tier.id == current && <span class="tag">{t('yourTier')}</span>}
            <div class="m">
              {t('tierFrom', { points: points(tier.threshold) })} · {t('tierMultiplier', { n: tier.multiplier })}
            </div>
            {tier.perks.length > 0 && (
              <ul class="perks">
                {tier.perks.map((p) => (
                  <li key={p} dir="auto">
                    {p}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </li>
      ))}
    </ul>
  )
}
