/**
 * `loyalkit/elements`: registers `<loyalkit-signup>`, `<loyalkit-points>`,
 * `<loyalkit-referral>`, `<loyalkit-balance>` and `<loyalkit-offers>`. They show the widget made
 * with `createLoyalty` (bound when its views load); in Node this does nothing.
 */
import { defineElements } from '../ui/elements.tsx'

defineElements()

export { defineElements }
