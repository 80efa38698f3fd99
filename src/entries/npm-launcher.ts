/**
 * The npm entry's launcher chunk, imported as `createLoyalty` runs: what draws the launcher, and the
 * way to the locale packs, so that a click asks for the shopper's pack beside the UI's chunk rather
 * than once the UI has run.
 */
export { drawWidget } from '../embed/draw.ts'
export { loadPack } from '../i18n/npm-packs.ts'
