/**
 * `loyalkit/elements`: registers `<loyalkit-signup>`, `<loyalkit-points>`,
 * `<loyalkit-referral>` and `<loyalkit-balance>`. They show the widget made
 * with `createLoyalty` (bound when its views load); in Node this does nothing.
 */
import { defineElements } from '../ui/elements.tsx'

defineElements()

export { defineElements }
