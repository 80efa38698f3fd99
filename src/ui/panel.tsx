import { useContext, useEffect, useRef } from 'preact/hooks'
import { LoyaltyError } from '../core/errors.ts'
import type { View } from '../core/events.ts'
import { UiContext } from './context.ts'
import { ErrorState, Icon, Skeleton } from './parts.tsx'
import { Home } from './views/home.tsx'

// What the panel holds that Tab reaches (its scrolling body too): no select, textarea, positive tabindex
// or disabled control in it (a busy button is aria-disabled, and keeps its focus).
const FOCUSABLE = 'a[href],.bd,button,input'

function Body({ view }: { view: View }) {
  const ui = useContext(UiContext)
  const { status } = ui.client.state
  const reload = () => ui.client.load().catch(() => {})
  // The failure the store still stands by (a later success clears the error, not always the status).
  const error = status.value == 'error' && ui.client.state.error.value
  const updated = ui.client.store.updatedAt.value
  const hold = ui.client.store.hold.value
  // Nothing to show (the program failed, or a signed-in shopper's membership): the failure is what to show.
  if (hold == 'failed') return <ErrorState error={ui.client.state.error.value} retry={reload} />
  // No offer to join a signed-in shopper while their membership is on its way.
  if (hold) return <Skeleton rows={view == 'home' ? 0 : 4} />
  // Stale-if-error: keep showing what we had, say since when, offer a retry.
  const down = error && (!error.status || error.status >= 500)
  const stale = down && (
    <div class="alert" role="status">
      <p>{ui.i18n.value.t('updated', { time: new Date(updated).toLocaleTimeString(ui.i18n.value.locale, { timeStyle: 'short' }) })}</p>
      <button type="button" class="btn sec" part="button" onClick={reload}>
        {ui.i18n.value.t('retry')}
      </button>
    </div>
  )
  const V = view == 'home' ? Home : ui.views.value?.[view]
  return (
    <>
      {stale}
      {V ? <V /> : ui.viewsFailed.value ? <ErrorState error={new LoyaltyError('network_error', '')} retry={ui.loadViews} /> : <Skeleton rows={4} />}
    </>
  )
}

/** Tab from the last focusable item goes to the first, Shift+Tab from the first to the last. */
function keepTabInside(e: KeyboardEvent, dialog: HTMLDialogElement) {
  if (e.key != 'Tab') return
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)]
  const first = items[0]
  const last = items[items.length - 1]
  const active = (dialog.getRootNode() as ShadowRoot).activeElement
  if (e.shiftKey ? active == first : active == last) {
    e.preventDefault()
    ;(e.shiftKey ? last : first)?.focus()
  }
}

/**
 * The panel is a native modal <dialog>: top layer (no z-index fights),
 * inert page behind it, Escape to close. Tab is kept inside explicitly,
 * since browsers let it leave to their own UI. `ui.close` closes it directly;
 * `ui.open` shows it once the shopper's language has come, and settles then,
 * so a command has happened when it settles.
 */
export function Panel({ live }: { live: (el: HTMLElement | null) => void }) {
  const ui = useContext(UiContext)
  const ref = ui.dialog
  // The panel's content reads in its language's direction (`dir`). The dialog itself keeps the page's,
  // which places it (inset-inline-end) on the launcher's side, as the page lays the launcher out.
  const { t, dir, points } = ui.i18n.value
  const member = ui.client.state.member.value
  // What is shown, and named: members have nothing to sign up for; guests have no history yet.
  const view = member ? (ui.view.value == 'signup' ? 'home' : ui.view.value) : ui.view.value == 'activity' ? 'signup' : ui.view.value
  const title = (view == 'home' || view == 'signup' ? ui.client.state.program.value?.name : t(view)) || t('title')
  const heading = useRef<HTMLHeadingElement>(null)
  // Moving between views moves focus to the new title, so a screen reader says where we are; so does
  // a retry after a failure, whose button leaves with it (focus would fall to the page).
  useEffect(() => {
    if (ref.current?.open) heading.current?.focus()
  }, [view, ui.client.store.hold.value])

  return (
    <dialog
      ref={ref}
      class="panel"
      part="panel"
      aria-labelledby="lk-title"
      onKeyDown={(e) => keepTabInside(e, ref.current!)}
      // Escape, or a close the page forced. A close event can arrive a task after a quick
      // close-then-open: the dialog is open again by then, and that event is stale.
      onClose={() => !ref.current?.open && ui.close()}
    >
      <div class="hd" dir={dir}>
        {view != 'home' && (
          <button type="button" class="ic bk" aria-label={t('back')} onClick={() => (ui.view.value = 'home')}>
            <Icon d="M15 5l-7 7 7 7" />
          </button>
        )}
        <h2 id="lk-title" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        {/* The balance stays in sight on every view; home shows it in its card. */}
        {member && view != 'home' && <span class="hb">{points(member.balance)}</span>}
        <button type="button" class="ic" aria-label={t('close')} onClick={() => ui.close()}>
          <Icon d="M6 6l12 12M18 6 6 18" />
        </button>
      </div>
      {/* Focusable, so a view with nothing else to focus (badges) can still be scrolled from the keyboard. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1) */}
      <div class="bd" tabIndex={0} dir={dir}>
        {ui.warm.value && <Body view={view} />}
      </div>
      <div class="sr" role="status" aria-live="polite" ref={live} />
    </dialog>
  )
}
