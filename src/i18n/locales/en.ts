/**
 * English, the reference pack: every other pack must have exactly these keys
 * (a test checks). `{name}` is replaced; an object is chosen by Intl.PluralRules
 * on `count` (`#` stands for the formatted count). The strings live in
 * ../en/core.ts (UI bundle) and ../en/views.ts (views bundle).
 */
import core from '../en/core.ts'
import views from '../en/views.ts'

const en = { ...core, ...views }

type All = typeof core & typeof views
export type Messages = { [K in keyof All]: All[K] extends string ? string : Record<string, string> }
export default en as Messages
