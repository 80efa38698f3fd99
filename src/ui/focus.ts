/**
 * Focus one of our elements once the render that creates it has run: for when
 * the control the shopper used is replaced (a claim becomes "Done", a redeem
 * button becomes its confirmation), so keyboard focus never falls to <body>.
 */
export const focusSoon = (root: ShadowRoot, id: string) => setTimeout(() => root.getElementById(id)?.focus())
