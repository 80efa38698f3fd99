/**
 * The views behind the first screen. They ship apart from `loyalkit-ui.js`
 * (as `loyalkit-views.js`, SRI-checked, or a lazy chunk on npm), fetched when
 * the panel first opens, so the first paint carries only home.
 */
import en from '../../i18n/en/views.ts'
import type { ViewComponents } from '../context.ts'
import { fixContrast } from '../contrast.ts'
import { bindElements, defineElements } from '../elements.tsx'
import { Activity } from './activity.tsx'
import { countGuestOpen } from './open-count.ts'
import { handOffToDataLayer } from './analytics.ts'
import { followDeepLinks } from './deep-link.ts'
import { keepFocusInPanel } from './focus-keeper.ts'
import { Badges } from './badges.tsx'
import { Earn } from './earn.tsx'
import { Offers } from './offers.tsx'
import { Profile } from './profile.tsx'
import { Referral } from './referral.tsx'
import { Rewards } from './rewards.tsx'
import { SignUp } from './signup.tsx'
import { Tiers } from './tiers.tsx'

import { VIEWS_CSS } from './styles.ts'

let stopCounting: (() => void) | null = null
let stopAnalytics: (() => void) | null = null

/**
 * Brand colours checked now and whenever the colour scheme flips (theme: auto); returns what stops that.
 * A host the page has taken out of the document shows no colours: checked again when the panel next
 * opens, which puts the host back.
 */
function keepContrast(root: ShadowRoot): () => void {
  let read = false
  const check = () => void (read = fixContrast(root.host as HTMLElement, root))
  const opened = () => read || check()
  const scheme = matchMedia('(prefers-color-scheme: dark)')
  check()
  scheme.addEventListener('change', check)
  document.addEventListener('loyalkit:open', opened)
  return () => {
    scheme.removeEventListener('change', check)
    document.removeEventListener('loyalkit:open', opened)
  }
}

const views: ViewComponents = {
  signup: SignUp,
  earn: Earn,
  rewards: Rewards,
  referral: Referral,
  activity: Activity,
  tiers: Tiers,
  offers: Offers,
  badges: Badges,
  profile: Profile,
  en,
  attach(ui, style) {
    defineElements()
    bindElements(ui)
    stopCounting?.()
    stopCounting = ui && countGuestOpen(ui)
    stopAnalytics?.()
    stopAnalytics = ui?.config.analytics == 'datalayer' ? handOffToDataLayer() : null
    if (!ui) return () => {}
    const stops = [style!(VIEWS_CSS), keepContrast(ui.root), followDeepLinks(ui), keepFocusInPanel(ui)]
    return () => stops.forEach((stop) => stop())
  },
}
export default views
