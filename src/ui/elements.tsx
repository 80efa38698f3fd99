/**
 * Inline custom elements: `<loyalkit-signup>`, `<loyalkit-points>`,
 * `<loyalkit-referral>`, `<loyalkit-balance>` and `<loyalkit-offers>` show the same components as
 * the panel, for whichever widget is bound. They mount when added, clean up
 * when removed (SPA-safe), and send the events of their own controls (the
 * referral link's copy and share) from the element itself (bubbling, composed).
 */
import { render, type ComponentType } from 'preact'
import { useContext } from 'preact/hooks'
import { emitOn } from '../core/events.ts'
import { adoptStyles } from '../embed/styles.ts'
import { demandUi } from '../embed/ui-demand.ts'
import { UiContext, type Ui } from './context.ts'
import { ErrorState, Skeleton } from './parts.tsx'
import { UI_CSS } from './styles.ts'
import { BalanceCard } from './views/home.tsx'
import { Offers } from './views/offers.tsx'
import { Referral } from './views/referral.tsx'
import { SignUp } from './views/signup.tsx'
import { VIEWS_CSS } from './views/styles.ts'

const HOST =
  ':host{display:block;--p:var(--loyalkit-color-primary,#0b5cad);--op:var(--loyalkit-color-on-primary,#fff);' +
  '--f:var(--loyalkit-font-family,system-ui,sans-serif);font:400 medium/1.5 var(--f);color:var(--t)}:host([hidden]){display:none}'

/**
 * Once a retry worked, the failure and its button are gone: focus goes to the first thing that takes it in
 * what replaced them (the balance card, the form's first field, the copy button), not to the page; unless
 * the shopper has put it somewhere meanwhile (it is not on the page's <body>).
 */
const retryHere = (root: ShadowRoot, retry: () => Promise<unknown>) => () =>
  retry()
    .catch(() => {})
    .then(() =>
      setTimeout(() => {
        if (root.host.isConnected && !root.activeElement && document.activeElement == document.body)
          root.querySelector<HTMLElement>('[tabindex],a[href],button,input')?.focus()
      }, 50),
    )

/** Waits for the program (and a signed-in shopper's membership), then shows `member` or `guest`; or what failed. */
const Gate = ({ member: M, guest: G }: { member: ComponentType; guest: ComponentType }) => {
  const { client, root } = useContext(UiContext)
  const hold = client.store.hold.value
  if (hold == 'failed') return <ErrorState error={client.state.error.value} retry={retryHere(root, client.load)} />
  return hold ? <Skeleton rows={2} /> : client.state.member.value ? <M /> : <G />
}
// Focusable (not by Tab): where focus goes once a shopper joined in `<loyalkit-signup>`, whose form has gone.
const Card = () => {
  const { client, i18n } = useContext(UiContext)
  return (
    // biome-ignore lint/a11y/useSemanticElements: a card's lines named as one, not a form's fields (fieldset)
    <div id="lk-card" tabIndex={-1} role="group" aria-label={i18n.value.t('balance')}>
      <BalanceCard member={client.state.member.value!} />
    </div>
  )
}
const Join = () => {
  const ui = useContext(UiContext)
  return (
    <button type="button" class="btn w" part="button" onClick={() => ui.open('signup')}>
      {ui.i18n.value.t('join')}
    </button>
  )
}
const Balance = () => {
  const { client, i18n } = useContext(UiContext)
  const m = client.state.member.value
  return <>{m ? i18n.value.number(m.balance) : ''}</>
}

const TAGS: Record<string, ComponentType> = {
  'loyalkit-signup': () => <Gate member={Card} guest={SignUp} />,
  'loyalkit-points': () => <Gate member={Card} guest={Join} />,
  'loyalkit-referral': () => <Gate member={Referral} guest={Referral} />,
  'loyalkit-balance': Balance,
  'loyalkit-offers': () => <Gate member={Offers} guest={Offers} />,
}

/** The tags drawn here; the script tag's facade stands in for the same ones (embed/intent.ts). */
export const ELEMENT_TAGS = Object.keys(TAGS)

let current: Ui | null = null
const connected = new Set<{ draw(): void }>()

/** Show `ui` in every inline element (null: show nothing, e.g. after destroy). */
export function bindElements(ui: Ui | null): void {
  current = ui
  connected.forEach((el) => el.draw())
}

/** Elements matching `selector` in `root` and in every open shadow root within it (a page's own components). */
function findDeep(root: Document | ShadowRoot, selector: string, found: Element[] = []): Element[] {
  found.push(...root.querySelectorAll(selector))
  for (const el of root.querySelectorAll('*')) el.shadowRoot && findDeep(el.shadowRoot, selector, found)
  return found
}

/**
 * Register the elements once per page; a no-op outside the browser. The script tag's facade defines
 * the tags first, as stand-ins that only ask for the UI: those take on this behaviour here, and the
 * ones already on the page are drawn at once, in the document or inside the page's own components.
 */
export function defineElements(): void {
  if (typeof customElements != 'object') return
  let tookOver = false
  for (const [tag, View] of Object.entries(TAGS)) {
    const defined = customElements.get(tag)
    if (defined && 'draw' in defined.prototype) continue
    const impl = class extends HTMLElement {
      declare off: (() => void) | null
      connectedCallback() {
        const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' })
        this.off ??= adoptStyles(root, tag == 'loyalkit-balance' ? ':host{display:inline}' : HOST + UI_CSS + VIEWS_CSS)
        connected.add(this)
        this.draw()
        // No widget drawn here yet: the npm widget loads its UI, whose views then bind this element.
        current || demandUi()
      }
      disconnectedCallback() {
        connected.delete(this)
        render(null, this.shadowRoot!)
        this.off?.()
        this.off = null
      }
      draw() {
        if (current) {
          this.dataset.theme = current.config.theme.mode
          // The widget's language, and its direction (Arabic: right to left), as the panel has them.
          this.lang = current.i18n.value.locale
          this.dir = current.i18n.value.dir
        }
        render(
          current ? (
            // Its own root: what a view focuses by id is in this element, not in the panel.
            <UiContext.Provider value={{ ...current, emit: emitOn(this), root: this.shadowRoot! }}>
              <View />
            </UiContext.Provider>
          ) : null,
          this.shadowRoot!,
        )
      }
    }
    if (!defined) customElements.define(tag, impl)
    else {
      // The facade's stand-in: its callbacks hand over to `c` (embed/intent.ts).
      tookOver = true
      const { connectedCallback: on, disconnectedCallback: off, draw } = impl.prototype
      Object.assign(defined.prototype, {
        draw,
        c(this: InstanceType<typeof impl>, connected: boolean) {
          ;(connected ? on : off).call(this)
        },
      })
    }
  }
  // Those the stand-ins had met, once, when taken over (only a stand-in's prototype has `c`); those connected
  // from now on draw themselves.
  if (tookOver) for (const el of findDeep(document, ELEMENT_TAGS.join())) (el as unknown as { c?(connected: boolean): void }).c?.(true)
}
