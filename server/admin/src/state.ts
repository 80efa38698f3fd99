/**
 * The console's shared state as signals: the session (null: show the sign-in page),
 * the language and theme (kept in localStorage), the route, and a one-off notice
 * carried across a navigation ("… was erased").
 */
import { computed, effect, signal } from '@preact/signals'
import { format, LANGS, type Key, type Lang } from './i18n.ts'

export interface Session {
  user: string
  csrf: string
  program: { key: string; name: string; currency: string }
  languages: string[]
}

/** undefined: not known yet (the first GET /admin/api/session is running). */
export const session = signal<Session | null | undefined>(undefined)
/** Why the sign-in page is shown, when it is not the first visit. */
export const signInNotice = signal<Key | null>(null)

const LANG_KEY = 'loyalkit-admin-lang'
const THEME_KEY = 'loyalkit-admin-theme'

const stored = (key: string): string | null => {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}
const store = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value)
  } catch {}
}

const isLang = (s: string | null | undefined): s is Lang => LANGS.some((l) => l.code == s)
const initialLang = (): Lang => {
  const saved = stored(LANG_KEY)
  if (isLang(saved)) return saved
  const browser = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase()).find(isLang)
  return browser ?? 'en'
}

export const lang = signal<Lang>(initialLang())
export function setLang(next: Lang) {
  lang.value = next
  store(LANG_KEY, next)
}

/** The theme the user picked with the toggle; null: follow prefers-color-scheme. */
const savedTheme = stored(THEME_KEY)
export const themeChoice = signal<'light' | 'dark' | null>(savedTheme == 'light' || savedTheme == 'dark' ? savedTheme : null)
const darkQuery = matchMedia('(prefers-color-scheme: dark)')
const systemDark = signal(darkQuery.matches)
darkQuery.addEventListener('change', (e) => (systemDark.value = e.matches))
export const dark = computed(() => (themeChoice.value ? themeChoice.value == 'dark' : systemDark.value))
export function toggleTheme() {
  themeChoice.value = dark.value ? 'light' : 'dark'
  store(THEME_KEY, themeChoice.value)
}

effect(() => {
  const root = document.documentElement
  root.lang = lang.value
  if (themeChoice.value) root.dataset.theme = themeChoice.value
  else delete root.dataset.theme
})

/** `t('key', { name })`: a message in the chosen language (reading it subscribes the component to the language). */
export const t = (key: Key, vars?: Record<string, string | number>) => format(lang.value, key, vars)
/** A plural message for `count`. */
export const tn = (key: Key, count: number, vars?: Record<string, string | number>) => format(lang.value, key, vars, count)

/** A message shown once on the next page (after erasing, on the member list). */
export const notice = signal<string | null>(null)
