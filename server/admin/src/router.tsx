/**
 * Client-side routing under /admin/: the path is a signal, links push history
 * entries, Back and Forward re-read it. The server answers index.html for every
 * /admin/* path that is not a file, so a reload lands on the same page.
 */
import { signal } from '@preact/signals'
import type { ComponentChildren } from 'preact'

export const BASE = '/admin'

export type Route =
  | { page: 'overview' }
  | { page: 'members'; q: string }
  | { page: 'member'; id: string }
  | { page: 'program' }
  | { page: 'widget' }
  | { page: 'integrations' }
  | { page: 'audit' }
  | { page: 'notFound' }

export function parse(pathname: string, search: string): Route {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname
  const parts = path.split('/').filter(Boolean)
  const q = new URLSearchParams(search).get('q') ?? ''
  if (parts.length == 0 || (parts.length == 1 && parts[0] == 'overview')) return { page: 'overview' }
  if (parts[0] == 'members' && parts.length == 1) return { page: 'members', q }
  if (parts[0] == 'members' && parts.length == 2) {
    try {
      return { page: 'member', id: decodeURIComponent(parts[1]!) }
    } catch {
      return { page: 'notFound' }
    }
  }
  if (parts.length == 1 && parts[0] == 'program') return { page: 'program' }
  if (parts.length == 1 && parts[0] == 'widget') return { page: 'widget' }
  if (parts.length == 1 && parts[0] == 'integrations') return { page: 'integrations' }
  if (parts.length == 1 && parts[0] == 'audit') return { page: 'audit' }
  return { page: 'notFound' }
}

export const href = {
  overview: () => `${BASE}/`,
  members: (q = '') => `${BASE}/members${q ? `?q=${encodeURIComponent(q)}` : ''}`,
  member: (id: string) => `${BASE}/members/${encodeURIComponent(id)}`,
  program: () => `${BASE}/program`,
  widget: () => `${BASE}/widget`,
  integrations: () => `${BASE}/integrations`,
  audit: () => `${BASE}/audit`,
}

const current = () => location.pathname + location.search
export const url = signal(current())
/** Bumped on each navigation by the user (not on the first load): the shell moves focus to the new page's heading. */
export const navigations = signal(0)

addEventListener('popstate', () => {
  if (current() == url.value) return // a fragment (#main) changed, not the page
  url.value = current()
  navigations.value++
})

/** Go to a console URL; `keepFocus`: the user stays where they are (a search updating its own results). */
export function navigate(to: string, o: { replace?: boolean; keepFocus?: boolean } = {}) {
  if (to == current()) return
  if (o.replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  url.value = current()
  if (!o.keepFocus) navigations.value++
}

export function route(): Route {
  const u = new URL(url.value, location.origin)
  return parse(u.pathname, u.search)
}

/** An ordinary link that navigates in place (a modified click, e.g. Ctrl+click for a new tab, is left to the browser). */
export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | 'true' }) {
  const { href: to, children, ...rest } = props
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        if (e.defaultPrevented || e.button != 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
        e.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}
