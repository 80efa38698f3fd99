import { useContext } from 'preact/hooks'
import type { Badge } from '../../core/contract.ts'
import { UiContext, type Ui } from '../context.ts'
import { Icon } from '../parts.tsx'
import { iconOf } from './icons.ts'

/**
 * What earns a badge, in the store's words when it wrote them, else in the language's; nothing for a
 * kind this version does not know (a later backend's), whose name then says it alone.
 */
function howToEarn(ui: Ui, b: Badge): string {
  const { t, has, points } = ui.i18n.value
  const key = 'badge_' + b.kind
  if (b.description) return b.description
  if (b.kind == 'lifetime_points') return t('badge_lifetime_points', { points: points(b.count ?? 0) })
  if (b.kind == 'tier') return t('badge_tier', { tier: ui.client.state.program.value!.tiers.find((x) => x.id == b.tier)?.name ?? '' })
  return has(key) ? t(key, { count: b.count ?? 1 }) : ''
}

/**
 * The program's badges: those the member earned (with when), then those still to earn (with what earns
 * them). Guests see them all as still to earn. Earned or not is said in words, not by colour alone.
 */
export function Badges() {
  const ui = useContext(UiContext)
  const { t, date } = ui.i18n.value
  const badges = ui.client.state.program.value!.badges ?? []
  const earned = ui.client.state.member.value?.badges ?? []
  const when = (b: Badge) => earned.find((x) => x.id == b.id)?.earnedAt
  const sorted = [...badges].sort((a, b) => +!when(a) - +!when(b))
  if (!badges.length) return <p class="m">{t('badgesNone')}</p>
  return (
    <>
      <p class="m">{t('badgesCount', { n: earned.filter((e) => badges.some((b) => b.id == e.id)).length, total: badges.length })}</p>
      <ul class="bg">
        {sorted.map((b) => {
          const at = when(b)
          return (
            <li key={b.id} class={at ? 'on' : ''}>
              <span class="k">
                <Icon d={iconOf(at ? b.kind : 'lock')} />
              </span>
              <div>
                <div dir="auto">{b.name}</div>
                <div class="m" dir="auto">
                  {at ? t('badgeEarned', { date: date(at) }) : howToEarn(ui, b)}
                </div>
              </div>
            </li>
          )
        })}
      </ul>
    </>
  )
}
