import { useSignal } from '@preact/signals'
import { useContext, useRef } from 'preact/hooks'
import type { Reward } from '../../core/contract.ts'
import { UiContext, type Ui } from '../context.ts'
import { copyText } from '../copy.ts'
import { focusSoon } from '../focus.ts'
import { useAction } from '../use-action.ts'
import { money } from '../money.ts'
import { actionsOf } from './actions.ts'
import { Failure } from './failure.tsx'
import { Picture } from './picture.tsx'

/**
 * A code with a copy button. How the copy went ("Copied"; when nothing could copy it, no Clipboard API and
 * the fallback refused, "Could not copy", and the code is selected instead) is said to the live region and
 * shown under the code. The button keeps its word and its name: a focused control whose name changed would
 * be read again, twice with the announcement, and again when it changed back.
 */
export function Code({ code, label, onCopy, id }: { code: string; label?: string; onCopy?: () => void; id?: string }) {
  const ui = useContext(UiContext)
  const { t } = ui.i18n.value
  const said = useSignal<'' | 'copied' | 'copyFailed'>('')
  // What was shown goes 2 s after the latest press, not an earlier one.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  return (
    <>
      <div class="code">
        <code>{code}</code>
        <button
          type="button"
          class="btn sec"
          part="button"
          id={id}
          aria-label={label ?? t('copyCode', { code })}
          onClick={async (e) => {
            const button = e.currentTarget
            const ok = await copyText(code, button)
            if (ok) onCopy?.()
            // Selected, the code is one keyboard shortcut from the clipboard.
            else getSelection()?.selectAllChildren(button.previousSibling!)
            said.value = ok ? 'copied' : 'copyFailed'
            ui.announce(t(said.value))
            clearTimeout(timer.current)
            timer.current = setTimeout(() => (said.value = ''), 2000)
          }}
        >
          {t('copy')}
        </button>
      </div>
      {/* For the eye: the live region has said it (inside a status card it would be said twice). */}
      {said.value && (
        <p class="m" aria-hidden="true">
          {t(said.value)}
        </p>
      )}
    </>
  )
}

/** What a reward is worth, in words: "€5 off", "10% off", or its description. */
const worth = (ui: Ui, r: Reward) => {
  const { t } = ui.i18n.value
  if (r.kind == 'amount_off' && r.value) return t('worthOff', { value: money(ui, r.value) })
  if (r.kind == 'percent_off' && r.value)
    return t('worthOff', { value: new Intl.NumberFormat(ui.i18n.value.locale, { style: 'percent' }).format(r.value / 100) })
  return r.description ?? ''
}

type Redeem = ReturnType<typeof useRedeem>

/** Redeeming, with a confirmation: the reward being confirmed and the action itself, whose result is the reward and what it gave. */
function useRedeem(ui: Ui) {
  const { t, points } = ui.i18n.value
  const asking = useSignal<string | null>(null)
  const action = useAction((reward: Reward, key) =>
    actionsOf(ui.client)
      .redeem(reward.id, key)
      .then((r) => {
        asking.value = null
        focusSoon(ui.root, 'lk-got')
        ui.announce(r.redemption.code ? t('yourCode', { reward: reward.name }) : t('thanks', { points: points(r.redemption.points) }))
        return { reward, r }
      }),
  )
  return { asking, action }
}

export function Rewards() {
  const ui = useContext(UiContext)
  const { t } = ui.i18n.value
  const program = ui.client.state.program.value!
  const member = ui.client.state.member.value
  const redeem = useRedeem(ui)
  return (
    <>
      <Redeemed ui={ui} redeem={redeem} />
      {!member && (
        <>
          {/* A redeem refused because the shopper was signed out while it ran: its confirmation went with them. */}
          <Failure error={redeem.action.error()} />
          <button type="button" class="btn w" part="button" onClick={() => ui.open('signup')}>
            {t('joinToRedeem')}
          </button>
        </>
      )}
      <ul>
        {program.rewards.map((r) => (
          <RewardItem key={r.id} ui={ui} reward={r} redeem={redeem} />
        ))}
      </ul>
      <Coupons ui={ui} />
    </>
  )
}

/** What the last redemption gave: a code to copy, or thanks for a donation. */
function Redeemed({ ui, redeem }: { ui: Ui; redeem: Redeem }) {
  const { t, points } = ui.i18n.value
  // Only the member who redeemed sees what it gave (useAction's rule): not whoever the shopper is after a sign-out.
  const got = redeem.action.result()
  if (!got) return null
  return (
    <div class="card" role="status">
      {got.r.redemption.code ? (
        <>
          <p>{t('yourCode', { reward: got.reward.name })}</p>
          <Code code={got.r.redemption.code} id="lk-got" />
        </>
      ) : (
        <p class="ok" id="lk-got" tabIndex={-1}>
          {t('thanks', { points: points(got.r.redemption.points) })}
        </p>
      )}
    </div>
  )
}

/** "Redeem X for N points?": both answers read with the question; the yes stays focusable while it runs. */
function Confirm({ ui, reward: r, redeem: { asking, action } }: { ui: Ui; reward: Reward; redeem: Redeem }) {
  const { t, points } = ui.i18n.value
  return (
    <div class="confirm">
      <p id="lk-q">{t('confirm', { reward: r.name, points: points(r.cost) })}</p>
      {/* A refusal is said here, beside the answer that met it, and read with it. */}
      <Failure error={action.errorOf(r)} id="lk-no" />
      <button
        type="button"
        class="btn"
        part="button"
        id="lk-yes"
        aria-describedby="lk-q lk-no"
        aria-disabled={action.pending.value ? 'true' : undefined}
        onClick={() => action.go(r)}
      >
        {action.pending.value ? t('redeeming') : t('confirmYes')}
      </button>{' '}
      <button
        type="button"
        class="btn sec"
        part="button"
        aria-describedby="lk-q"
        onClick={() => {
          asking.value = null
          // A refusal belongs to the question it answered: asked again, the question starts clean.
          action.clear()
          focusSoon(ui.root, 'lk-r-' + r.id)
        }}
      >
        {t('cancel')}
      </button>
    </div>
  )
}

/** A reward: its name, worth and cost; for members, how to redeem it (with a confirmation) or how many points it still needs. */
function RewardItem({ ui, reward: r, redeem }: { ui: Ui; reward: Reward; redeem: Redeem }) {
  const { t, points } = ui.i18n.value
  const member = ui.client.state.member.value
  const short = member ? r.cost - member.balance : 0
  const { asking } = redeem
  return (
    <li class="col">
      <div class="row">
        <Picture url={r.imageUrl} kind={r.kind} />
        <div class="g">
          <div dir="auto">{r.name}</div>
          <div class="m" dir="auto">
            {worth(ui, r)}
          </div>
        </div>
        <strong class="nw">{points(r.cost)}</strong>
      </div>
      {member &&
        (asking.value == r.id ? (
          <Confirm ui={ui} reward={r} redeem={redeem} />
        ) : short > 0 ? (
          <span class="m">{t('needMore', { count: short })}</span>
        ) : (
          <button
            type="button"
            class="btn sec"
            part="button"
            id={'lk-r-' + r.id}
            aria-label={`${t('redeem')}: ${r.name}`}
            onClick={() => {
              asking.value = r.id
              redeem.action.clear()
              focusSoon(ui.root, 'lk-yes')
            }}
          >
            {t('redeem')}
          </button>
        ))}
    </li>
  )
}

/** The member's coupons with a code to enter (donations have none): the active ones first, then used and expired ones. */
function Coupons({ ui }: { ui: Ui }) {
  const { t, date } = ui.i18n.value
  const coupons = ui.client.state.member.value?.coupons.filter((c) => c.code).sort((a, b) => +(a.state != 'active') - +(b.state != 'active'))
  if (!coupons) return null
  return (
    <>
      <h3>{t('coupons')}</h3>
      {coupons.length ? (
        <ul>
          {coupons.map((c) => (
            <li key={c.id} class="col">
              {c.state == 'active' ? (
                <>
                  <span dir="auto">{c.name}</span>
                  <Code code={c.code!} />
                  {c.expiresAt && <span class="m">{t('validUntil', { date: date(c.expiresAt) })}</span>}
                </>
              ) : (
                // Used or expired: said in words, and the code is shown but not offered for copying.
                <>
                  <div class="row">
                    <span dir="auto">{c.name}</span>
                    <strong class="nw">{t(c.state)}</strong>
                  </div>
                  <s class="m">{c.code}</s>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="m">{t('noCoupons')}</p>
      )}
    </>
  )
}
