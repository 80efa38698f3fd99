import { useContext } from 'preact/hooks'
import type { EarningRule } from '../../core/contract.ts'
import { safeUrl } from '../../core/url.ts'
import { UiContext, type Ui } from '../context.ts'
import { focusSoon } from '../focus.ts'
import { Icon } from '../parts.tsx'
import { useAction } from '../use-action.ts'
import { Campaigns } from './home.tsx'
import { iconOf } from './icons.ts'
import { money } from '../money.ts'
import { actionsOf } from './actions.ts'
import { Failure } from './failure.tsx'

type Claim = ReturnType<typeof useClaim>

/** Claiming a rule: the action, then its points said aloud and focus on the rule's "done". */
function useClaim(ui: Ui) {
  const { t, points } = ui.i18n.value
  return useAction((rule: EarningRule, key) =>
    actionsOf(ui.client)
      .claim(rule.id, key)
      .then((r) => {
        ui.announce(t('claimed', { points: points(r.points) }))
        focusSoon(ui.root, 'lk-done-' + rule.id)
      }),
  )
}

/** Every earning rule; claimable ones are buttons that claim once, then show as done. */
export function Earn() {
  const ui = useContext(UiContext)
  const { t, points, number } = ui.i18n.value
  const program = ui.client.state.program.value!
  const member = ui.client.state.member.value
  const tier = member && program.tiers.find((x) => x.id == member.tier.id)
  const claim = useClaim(ui)
  // What the running campaigns add to the purchase rule, as the server applies them: their multipliers
  // multiplied ("×2", left to right in every language, as a number with its sign is) and their per-order
  // bonuses added ("+50 points", in its own direction), in one chip. A campaign's name and end
  // stand above the rules (Campaigns: kept apart from this, as sharing the search costs the first open's bytes).
  const now = Date.now()
  const running = program.campaigns?.filter((x) => Date.parse(x.startsAt) <= now && now < Date.parse(x.endsAt)) ?? []
  const times = running.reduce((m, c) => m * (c.multiplier ?? 1), 1)
  const bonus = running.reduce((b, c) => b + (c.bonus ?? 0), 0)
  return (
    <>
      <Campaigns ui={ui} program={program} />
      {tier && tier.multiplier != 1 && <p class="m">{t('tierBoost', { tier: tier.name, n: tier.multiplier })}</p>}
      <ul>
        {program.rules.map((r) => (
          <li key={r.id}>
            <span class="k">
              <Icon d={iconOf(r.kind)} />
            </span>
            <div class="g">
              <div id={'lk-rule-' + r.id} dir="auto">
                {r.name}
              </div>
              <div class="m">
                {r.kind == 'purchase'
                  ? t('perEuro', { points: points(r.points), money: money(ui, r.per ?? 1) })
                  : r.kind == 'punch_card'
                    ? punchText(ui, r)
                    : points(r.points)}
              </div>
              {r.kind == 'purchase' && (times != 1 || bonus > 0) && (
                <span class="tb">
                  {times != 1 && <bdi dir="ltr">{'×' + number(times)}</bdi>}
                  {times != 1 && bonus > 0 && ' '}
                  {bonus > 0 && <bdi>{'+' + points(bonus)}</bdi>}
                </span>
              )}
              {r.kind == 'punch_card' && <Punches ui={ui} rule={r} />}
              {/* A failed claim is said beside its button (in a long list, one at the top is out of sight). */}
              <Failure error={claim.errorOf(r)} id={'lk-err-' + r.id} />
            </div>
            <ClaimButton ui={ui} rule={r} claim={claim} />
          </li>
        ))}
      </ul>
    </>
  )
}

/**
 * What a punch card gives: "Every 5 orders earn Free coffee bag" (its reward, else its points). The
 * store's name for the reward is isolated (U+2068…U+2069): a Latin name followed by "+ 20 نقطة" would
 * otherwise pull the number away from its word in Arabic, as an Arabic name would in English.
 */
function punchText(ui: Ui, rule: EarningRule): string {
  const { t, points } = ui.i18n.value
  const reward = ui.client.state.program.value!.rewards.find((x) => x.id == rule.rewardId)
  const what = [reward && '\u2068' + reward.name + '\u2069', rule.points ? points(rule.points) : ''].filter(Boolean).join(' + ')
  return t('punchEvery', { count: rule.every ?? 1, what })
}

/** A member's punch card: one mark per order, filled for the orders already counted. */
function Punches({ ui, rule }: { ui: Ui; rule: EarningRule }) {
  const every = rule.every ?? 0
  const count = ui.client.state.member.value?.punchCards?.find((p) => p.ruleId == rule.id)?.count
  if (count === undefined || every < 2) return null
  const label = ui.i18n.value.t('punchCount', { n: count, every })
  return (
    <div class="pc" role="img" aria-label={label}>
      {Array.from({ length: every }, (_, i) => (
        <i key={i} class={i < count ? 'on' : ''} />
      ))}
    </div>
  )
}

/** A claimable rule's part: join to claim (guests), done, or the button that claims it. */
function ClaimButton({ ui, rule, claim }: { ui: Ui; rule: EarningRule; claim: Claim }) {
  const { t, points } = ui.i18n.value
  const member = ui.client.state.member.value
  if (!rule.claimable) return null
  if (!member)
    return (
      <button type="button" class="btn sec" part="button" aria-describedby={'lk-rule-' + rule.id} onClick={() => ui.open('signup')}>
        {t('joinToClaim')}
      </button>
    )
  // A birthday gift needs a birthday: the profile is where a member adds one.
  if (rule.kind == 'birthday' && !member.birthday)
    return (
      <button type="button" class="btn sec" part="button" aria-describedby={'lk-rule-' + rule.id} onClick={() => ui.open('profile')}>
        {t('badge_birthday')}
      </button>
    )
  if (member.claimedRules.includes(rule.id)) {
    return (
      <span class="ok" id={'lk-done-' + rule.id} tabIndex={-1}>
        {'✓ ' + t('done')}
      </span>
    )
  }
  const url = rule.kind == 'social_follow' ? safeUrl(rule.url) : null
  // One claim at a time (useAction's rule): while one is on its way every claim button says it is busy,
  // rather than one that would open the network and then send nothing. Busy buttons keep focus.
  const busy = claim.pending.value != null
  return (
    <button
      type="button"
      class="btn"
      part="button"
      aria-disabled={busy ? 'true' : undefined}
      aria-describedby={`lk-rule-${rule.id} lk-err-${rule.id}`}
      onClick={() => {
        if (busy) return
        // Following happens on the network's site; the claim is our side of it.
        if (url) window.open(url, '_blank', 'noopener,noreferrer')
        claim.go(rule)
      }}
    >
      {t(url ? 'follow' : 'claim', { points: points(rule.points) })}
    </button>
  )
}
