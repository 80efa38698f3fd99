import { createContext, type ComponentType } from 'preact'
import type { ReadonlySignal, Signal } from '@preact/signals'
import type { ResolvedConfig } from '../core/config.ts'
import type { ReferralOffer } from '../core/contract.ts'
import type { Client } from '../core/client.ts'
import type { LoyaltyError } from '../core/errors.ts'
import type { Emit, View } from '../core/events.ts'
import type { I18n } from '../i18n/i18n.ts'
import type en from '../i18n/en/views.ts'

/** What the sign-up form holds, kept across failures and across closing the panel. */
export interface SignUpDraft {
  email: string
  name: string
  birthday: string
  /** Prefilled from `?ref=`. */
  ref: string
  terms: boolean
  marketing: boolean
}

/** A blank sign-up form (after joining, and for a new shopper). */
export const EMPTY_DRAFT: SignUpDraft = { email: '', name: '', birthday: '', ref: '', terms: false, marketing: false }

/** Everything a component needs, passed once through context. */
export interface Ui {
  config: ResolvedConfig
  client: Client
  i18n: ReadonlySignal<I18n>
  view: Signal<View>
  isOpen: Signal<boolean>
  /**
   * The panel's content is drawn once the shopper heads for the launcher (pointer, focus) or
   * it opens, not at page load: its first Intl use costs tens of ms on a slow phone.
   */
  warm: Signal<boolean>
  /** The panel's <dialog>, once rendered. */
  dialog: { current: HTMLDialogElement | null }
  /** Points just granted by sign-up, for the welcome line. */
  welcome: Signal<number>
  draft: Signal<SignUpDraft>
  /** The page's address when the integrator's call was made (deep links, `?ref=`). */
  pageUrl: string
  referralCode: string | null
  /** What the referred visitor gets, once `GET /referrals/{code}` answered. */
  offer: Signal<ReferralOffer | null>
  /** The shadow root everything renders in. */
  root: ShadowRoot
  /** Secondary views, once loaded; `loadViews()` starts that (once). */
  views: Signal<ViewComponents | null>
  viewsFailed: Signal<boolean>
  loadViews(): void
  open(view?: View): Promise<void>
  close(): void
  emit: Emit
  /** Say something through the live region. */
  announce(text: string): void
}

/**
 * What the views chunk (`loyalkit-views.js`, or a lazy chunk on npm) hands to the UI that loads it:
 * declared here, where it is used, so the chunk depends on the UI and not the other way round.
 */
export type SecondaryView = 'signup' | 'earn' | 'rewards' | 'offers' | 'badges' | 'referral' | 'activity' | 'tiers' | 'profile'
export type ViewComponents = Record<SecondaryView, ComponentType> & {
  /** English strings of these views. */
  en: typeof en
  /** Script tag only: SRI hashes of the locale packs' views halves, by language. */
  packs?: Record<string, string>
  /**
   * What the views do once here: add their styles to the panel's (`style`), keep the primary colour
   * readable (checked now, off the first paint's path, and whenever the colour scheme flips), define the
   * inline elements (once) and show `ui` in them, count the page's first guest open, hand events to
   * analytics when asked, follow deep links for `ui` and keep focus in its open panel (until the returned
   * function is called). null empties the elements and stops counting and analytics.
   */
  attach(ui: Ui | null, style?: (css: string) => () => void): () => void
}

export const UiContext = createContext<Ui>(null as unknown as Ui)

/** Localized text for an error: by code, with what to do next (none, or a code without words: the general one). */
export function errorText(i18n: I18n, error: LoyaltyError | null): string {
  const key = 'err_' + error?.code
  return i18n.t(i18n.has(key) ? key : 'err_default', { seconds: error?.retryAfter || 30 })
}
