import { computed, effect, signal } from '@preact/signals'
import { render } from 'preact'
import { type Client, createClient, type Identity } from '../core/client.ts'
import type { ResolvedConfig } from '../core/config.ts'
import type { Member, Program } from '../core/contract.ts'
import { LoyaltyError } from '../core/errors.ts'
import type { Store } from '../core/store.ts'
import { within } from '../core/within.ts'
import { type Emit, emitOn, VIEWS, type View } from '../core/events.ts'
import type { Embed } from '../embed/host.ts'
import type { Launcher } from '../embed/launcher.ts'
import { createI18n } from '../i18n/i18n.ts'
import en from '../i18n/en/core.ts'
import type { Messages } from '../i18n/locales/en.ts'
import { App } from './app.tsx'
import { EMPTY_DRAFT, type Ui, type ViewComponents } from './context.ts'
import { UI_CSS } from './styles.ts'

/**
 * A locale pack: the whole object (npm), or for the script tag one half of its values (the UI's, then
 * the views'), in the order of the English keys, zipped here with the keys each bundle already has.
 */
export type LocalePack = Messages | unknown[]

const zip = (keys: object, values: unknown[]) => Object.fromEntries(Object.keys(keys).map((k, i) => [k, values[i]]))

export interface MountContext {
  config: ResolvedConfig
  embed: Embed
  launcher: Launcher | null
  /** Fetch a locale pack other than English; with `views`, the views' half of it (the script tag's packs come in two). */
  loadLocale: (tag: string, views?: ViewComponents) => Promise<LocalePack>
  /** Fetch the views behind home (sign-up, earn, rewards, offers, badges, referral, activity, tiers, profile). */
  loadViews: () => Promise<ViewComponents>
  /** The page URL when the integrator's call was made (for `?ref=`). */
  pageUrl: string
  /** The program's JSON, already on its way (the script tag fetches it while the page is idle). */
  program?: Promise<unknown> | null
  /** That JSON, if it had arrived when the UI ran: the first render draws the program. */
  programJson?: unknown
  /** The store to fill, if the entry made it already. */
  store?: Store
}

/** The mount context as an entry is handed it: the lazy loaders are the entry's own to add (its files, its chunks). */
export type EntryContext = Omit<MountContext, 'loadLocale' | 'loadViews'>

export interface Widget {
  ready: Promise<{ program: Program; member: Member | null }>
  /** Settles once the panel is open, in the shopper's language. */
  open(view?: View): Promise<void>
  close(): void
  /** The shopper is heading for the launcher (the launcher's intent events): draw the panel's content now. */
  warm(): void
  identify(identity: Identity): Promise<Member | null>
  logout(): Promise<void>
  refresh(): Promise<{ program: Program; member: Member | null }>
  destroy(): void
  client: ReturnType<typeof createClient>
}

/** Build the UI on a host drawn by the entry point, and return its commands. */
export function mountWidget(ctx: MountContext): Widget {
  const { embed, launcher } = ctx
  const emit = emitOn(document)
  // Chosen by drawWidget among the shipped locales.
  const locale = embed.host.lang
  const client = connect(ctx, locale, emit)
  const removers = [embed.style(UI_CSS)]
  const container = document.createElement('div')
  const draw = () => render(<App ui={ui} live={liveRef} />, container)
  const { ui, liveRef, stop } = createUi(ctx, client, uiText(ctx, locale), emit, removers, draw)
  embed.shadow.append(container)
  draw()

  const toggle = () => (ui.isOpen.value ? ui.close() : ui.open())
  launcher?.button.addEventListener('click', toggle)
  const stopLauncher = launcherState(ui, launcher)

  // A visitor who arrived with ?ref= sees what their friend's invitation gives them.
  if (ui.referralCode)
    client.referral(ui.referralCode).then(
      (o) => (ui.offer.value = o),
      () => {},
    )

  const ready = client.load().then((r) => {
    emit('ready', r)
    return r
  })
  // Failures are already reported as `loyalkit:error` and shown in the panel.
  ready.catch(() => {})
  // Then the rest of the UI (secondary views, inline elements), off the critical path.
  ready.finally(() => ui.loadViews()).catch(() => {})

  return {
    ready,
    open: ui.open,
    close: ui.close,
    warm: () => (ui.warm.value = true),
    identify: (identity) => {
      ui.welcome.value = 0
      return client.identify(identity)
    },
    logout: () => {
      ui.welcome.value = 0
      ui.draft.value = { ...EMPTY_DRAFT, ref: ui.referralCode ?? '' }
      return client.logout()
    },
    refresh: () => client.load(),
    destroy() {
      stop()
      stopLauncher()
      launcher?.button.removeEventListener('click', toggle)
      render(null, container)
      container.remove()
      removers.forEach((r) => r())
      client.destroy()
    },
    client,
  }
}

/** The API client, with the program the script tag fetched ahead, if any. */
function connect({ config, store, program, programJson }: MountContext, locale: string, emit: Emit): Client {
  return createClient({
    // Its endpoint, program and token getter (no other field of the config is an option of the client).
    ...config,
    customer: { token: config.token },
    language: () => locale,
    emit,
    store,
    // Fetched for the same language: drawWidget chose it.
    programAhead: program,
    programJson,
  })
}

/**
 * A task after the next frame: the views' arrival (their strings, their contrast check, the inline
 * elements) is a long task at 4× CPU, and must not delay the frame that shows the panel. A hidden page
 * draws no frames, and has none to protect.
 */
const afterPaint = () => new Promise((next) => (document.hidden ? setTimeout : requestAnimationFrame)(() => setTimeout(next)))

type UiText = ReturnType<typeof uiText>

/** The UI's text: English at once, the shopper's language when its pack arrives, the views' strings with the views. */
function uiText(ctx: MountContext, locale: string) {
  // The views' English strings arrive with the views (a complete pack, once loaded, has them all).
  const messages = signal(en as unknown as Messages)
  // The pack, and the views' half of it (script tag).
  let pack: LocalePack | null = null
  let half: unknown[] | null = null
  let views: ViewComponents | null = null
  const usePack = () => {
    if (pack) messages.value = Array.isArray(pack) ? { ...messages.value, ...zip(en, pack), ...(half && zip(views!.en, half)) } : pack
  }
  const fetchPack = (v?: ViewComponents) =>
    locale != 'en' &&
    ctx.loadLocale(locale, v).then(
      (p) => {
        if (v) half = p as unknown[]
        else pack = p
        usePack()
      },
      () => console.warn(`loyalkit: could not load the "${locale}" locale pack; showing English`),
    )
  // Until the shopper's language has come (or failed: English then, or 5 s have passed), an open waits
  // for it: the panel, and what a screen reader says as it opens, are never English first.
  const first = fetchPack()
  const ready = within<unknown>(first, 5e3)
  // English has nothing to wait for.
  let settled = !first
  ready.then(() => (settled = true))
  return {
    ready,
    /** The shopper's language has come, failed or timed out (on an English page: from the start). */
    settled: () => settled,
    i18n: computed(() => createI18n(locale, messages.value)),
    /**
     * The views' strings join the English ones; a pack's, once it has come, go over them. Settles once the
     * views can speak the shopper's language: the pack has come (npm's whole pack holds the views' strings;
     * the script tag's views half, asked for once the first half is here, goes over it), or failed, or 5 s
     * have passed. (The first half is asked for at the mount: on all but a very slow network it is here
     * before the views are.)
     */
    addViews(v: ViewComponents) {
      views = v
      messages.value = { ...v.en, ...messages.value }
      usePack()
      return within(
        ready.then((): unknown => v.packs && fetchPack(v)),
        5e3,
      )
    },
  }
}

/** The state and commands every component reads through context; `stop` ends what it started (destroy). */
function createUi(ctx: MountContext, client: Client, text: UiText, emit: Emit, removers: (() => void)[], draw: () => void) {
  const { embed, launcher } = ctx
  // Live regions: inside the dialog (used while it is open) and outside it.
  const live: (HTMLElement | null)[] = [null, null]
  let said: string[] = []
  const liveRefs = [(el: HTMLElement | null) => (live[0] = el), (el: HTMLElement | null) => (live[1] = el)]
  const views = viewsLoader(ctx, text, removers)
  const ref = new URL(ctx.pageUrl).searchParams.get('ref')
  const ui: Ui = {
    config: ctx.config,
    client,
    i18n: text.i18n,
    view: signal<View>('home'),
    isOpen: signal(false),
    warm: signal(false),
    dialog: { current: null },
    welcome: signal(0),
    draft: signal({ ...EMPTY_DRAFT, ref: ref ?? '' }),
    pageUrl: ctx.pageUrl,
    referralCode: ref,
    offer: signal(null),
    root: embed.shadow,
    views: signal(null),
    viewsFailed: signal(false),
    loadViews: () => views.load(ui),
    emit,
    open: (view) => {
      // Until the shopper's language has come, the launcher says it is at work (aria-busy, a progress cursor).
      text.settled() || launcher?.button.setAttribute('aria-busy', 'true')
      return text.ready.then(() => {
        launcher?.button.removeAttribute('aria-busy')
        // Not once destroyed meanwhile: that would draw the panel again and put the removed widget back.
        views.stopped() || openPanel(ui, launcher, draw, view)
      })
    },
    close: () => closePanel(ui, launcher),
    announce(text) {
      // What is said within 50 ms is said as one (a claim's thanks and the new balance: both heard, where
      // the second would silence the first). Cleared first, so the same text twice is announced twice.
      const el = live[ui.isOpen.value ? 1 : 0]
      if (!el) return
      if (said.push(text) == 1) {
        el.textContent = ''
        setTimeout(() => {
          el.textContent = said.join(' ')
          said = []
        }, 50)
      }
    },
  }
  return {
    ui,
    liveRef: (inside: boolean) => liveRefs[+inside]!,
    stop: () => {
      views.stop()
      ui.views.value?.attach(null)
    },
  }
}

/**
 * Fetches the views once (again after a failure), after the next frame, and puts them to use, unless
 * the UI was stopped meanwhile (which the UI's open also asks).
 */
function viewsLoader(ctx: MountContext, text: UiText, removers: (() => void)[]) {
  const { embed } = ctx
  let loading: Promise<unknown> | null = null
  let stopped = false
  const use = async (ui: Ui, v: ViewComponents) => {
    // Their strings first, in the shopper's language (5 s at most): what they draw (inline elements too) reads them.
    stopped || (await text.addViews(v))
    // Arriving after destroy, they are not put to use (nothing would take them down again).
    if (!stopped) {
      ui.views.value = v
      removers.push(v.attach(ui, embed.style))
    }
  }
  const load = (ui: Ui) => {
    if (stopped || ui.views.value || loading) return
    ui.viewsFailed.value = false
    loading = afterPaint()
      .then(
        () =>
          stopped ||
          ctx.loadViews().then(
            (v) => use(ui, v),
            () => (ui.viewsFailed.value = true),
          ),
      )
      .finally(() => (loading = null))
  }
  return { load, stop: () => void (stopped = true), stopped: () => stopped }
}

const expanded = (launcher: Launcher | null, open: boolean) => launcher?.button.setAttribute('aria-expanded', '' + open)

/** `open`: the panel on a view (moved there if open already), the launcher's state, the event. */
function openPanel(ui: Ui, launcher: Launcher | null, draw: () => void, view: View = 'home') {
  if (!VIEWS.includes(view)) throw new LoyaltyError('invalid_argument', `loyalkit: unknown view "${view}"; expected one of ${VIEWS.join(', ')}`, 'open')
  ui.view.value = view
  // Fetch the other views as soon as the panel is used (after its first frame), so they are there when asked for.
  ui.loadViews()
  // A page may have taken the widget out of the document (a framework hydrating the whole document removes
  // what it did not render): put back, the launcher shows again. A dialog taken out while open stays open,
  // but no longer modal: it is shut, to open as a modal again below (its late close event finds it open).
  if (!ui.root.host.isConnected) {
    document.documentElement.append(ui.root.host)
    ui.dialog.current?.close()
    ui.isOpen.value = false
  }
  if (!ui.isOpen.value) {
    ui.warm.value = ui.isOpen.value = true
    // Drawn now, not when Preact would (a microtask later): the modal's first style and layout, which
    // showModal() forces, is then its last one before the frame, not one of two on the click's path. Only
    // until the views have come (after the first open's frame): the panel is drawn by then, and a render
    // from the root on every open would leave about 1 KB behind each time.
    ui.views.value || draw()
    const d = ui.dialog.current
    if (d && !d.open) d.showModal()
    expanded(launcher, true)
    ui.emit('open', { view })
  }
}

/**
 * `close`: the modal dialog gives focus back to what had it when it opened (the launcher, an inline
 * element's button, the page's own button that called `open()`), as browsers restore it; when that was
 * nothing (a mouse click where buttons take no focus, a deep link) or is gone, to the launcher.
 */
function closePanel(ui: Ui, launcher: Launcher | null) {
  if (!ui.isOpen.value) return
  ui.isOpen.value = false
  ui.dialog.current?.close()
  // Still in the widget: restored to the launcher, or not at all (what the closed dialog holds has it).
  if (document.activeElement == ui.root.host) launcher?.button.focus()
  expanded(launcher, false)
  ui.emit('close', { view: ui.view.value })
}

/**
 * The launcher shows members their balance and names it: "Rewards, 250 points". Its leading space
 * keeps the visible text "Rewards 250" within that name (WCAG 2.5.3); flex layout does not draw it.
 * Balance changes of the same member (a purchase, a claim) are also said aloud. Returns its stopper.
 */
function launcherState(ui: Ui, launcher: Launcher | null): () => void {
  const badge = document.createElement('b')
  launcher?.button.append(badge)
  let said: [string, number] | null = null
  const stop = effect(() => {
    const m = ui.client.state.member.value
    const { t, points, number } = ui.i18n.value
    if (launcher) {
      // The facade drew the label (the integrator's, or the language's): it names the button.
      const label = launcher.text.textContent!
      badge.textContent = m ? ' ' + number(m.balance) : ''
      badge.hidden = !m
      launcher.button.setAttribute('aria-label', m ? t('launcherMember', { launcher: label, points: points(m.balance) }) : label)
    }
    if (m && said && said[0] == m.id && said[1] != m.balance) ui.announce(`${t('balance')}: ${points(m.balance)}`)
    said = m && [m.id, m.balance]
  })
  return () => {
    stop()
    badge.remove()
  }
}
