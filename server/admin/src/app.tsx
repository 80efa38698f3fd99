/**
 * The shell: skip link, header (program name, navigation, language, theme, sign
 * out) and the page of the route, or the sign-in page while there is no session.
 * A navigation moves focus to the new page's heading and sets the document title.
 */
import { useEffect, useState } from 'preact/hooks'
import { loadSession, signOut } from './api.ts'
import { AuditPage } from './audit.tsx'
import { LANGS, type Key, type Lang } from './i18n.ts'
import { IntegrationsPage } from './integrations.tsx'
import { MemberPage } from './member.tsx'
import { MembersPage } from './members.tsx'
import { OverviewPage } from './overview.tsx'
import { ProgramPage } from './program.tsx'
import { href, Link, navigations, route, type Route } from './router.tsx'
import { SignInPage } from './signin.tsx'
import { dark, lang, session, setLang, signInNotice, t, toggleTheme } from './state.ts'
import { ErrorBox, Loading } from './ui.tsx'
import { WidgetPage } from './widget.tsx'

const NAV: { key: Key; href: string; pages: Route['page'][] }[] = [
  { key: 'navOverview', href: href.overview(), pages: ['overview'] },
  { key: 'navMembers', href: href.members(), pages: ['members', 'member'] },
  { key: 'navProgram', href: href.program(), pages: ['program'] },
  { key: 'navWidget', href: href.widget(), pages: ['widget'] },
  { key: 'navIntegrations', href: href.integrations(), pages: ['integrations'] },
  { key: 'navAudit', href: href.audit(), pages: ['audit'] },
]

const TITLES: Record<Route['page'], Key> = {
  overview: 'overviewTitle',
  members: 'membersTitle',
  member: 'memberTitle',
  program: 'programTitle',
  widget: 'widgetTitle',
  integrations: 'integrationsTitle',
  audit: 'auditTitle',
  notFound: 'notFoundTitle',
}

const focusMain = (e?: Event) => {
  e?.preventDefault()
  document.getElementById('main')?.focus()
}

function Preferences() {
  return (
    <div class="prefs">
      <div class="lang">
        <label for="lang">{t('language')}</label>
        <select id="lang" value={lang.value} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
          {LANGS.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="theme" aria-pressed={dark.value ? 'true' : 'false'} onClick={toggleTheme}>
        <span aria-hidden="true" class="theme-icon">
          {dark.value ? '☾' : '☀'}
        </span>
        <span class="theme-label">{t('darkTheme')}</span>
      </button>
    </div>
  )
}

function Page(props: { route: Route }) {
  const r = props.route
  switch (r.page) {
    case 'overview':
      return <OverviewPage />
    case 'members':
      return <MembersPage q={r.q} />
    case 'member':
      return <MemberPage key={r.id} id={r.id} />
    case 'program':
      return <ProgramPage />
    case 'widget':
      return <WidgetPage />
    case 'integrations':
      return <IntegrationsPage />
    case 'audit':
      return <AuditPage />
    default:
      return (
        <>
          <h1 tabIndex={-1}>{t('notFoundTitle')}</h1>
          <p>{t('notFoundText')}</p>
          <p>
            <Link href={href.overview()}>{t('backToOverview')}</Link>
          </p>
        </>
      )
  }
}

export function App() {
  const [startError, setStartError] = useState<unknown>(null)
  const start = () => {
    setStartError(null)
    loadSession().then(
      (s) => (session.value = s),
      (e) => setStartError(e),
    )
  }
  useEffect(start, [])

  const s = session.value
  const r = route()
  const signedIn = !!s
  const title = s === null ? t('signInTitle') : t(TITLES[r.page])

  useEffect(() => {
    document.title = `${title} · ${s?.program.name ?? t('appName')}`
  }, [title, s?.program.name, lang.value])

  // After a navigation (not the first load), focus the new page's heading, as a page load would start at the top.
  useEffect(() => {
    if (navigations.value == 0) return
    scrollTo(0, 0)
    document.querySelector<HTMLElement>('main h1')?.focus()
  }, [navigations.value])

  // Signing in or out replaces the whole page: start at its heading too.
  const [wasSignedIn, setWasSignedIn] = useState<boolean | null>(null)
  useEffect(() => {
    if (s === undefined) return
    if (wasSignedIn !== null && wasSignedIn != signedIn) document.querySelector<HTMLElement>('main h1')?.focus()
    setWasSignedIn(signedIn)
  }, [signedIn, s === undefined])

  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to #main; the handler also moves focus there, which the hash alone does not in every browser */}
      <a class="skip" href="#main" onClick={focusMain}>
        {t('skip')}
      </a>
      <header class="top">
        <div class="bar">
          <p class="brand">
            {s ? (
              <>
                <span class="program">{s.program.name}</span> <span class="app">{t('appName')}</span>
              </>
            ) : (
              <span class="program">{t('appName')}</span>
            )}
          </p>
          <Preferences />
          {s && (
            <button
              type="button"
              class="signout"
              onClick={async () => {
                try {
                  await signOut()
                } catch {}
                signInNotice.value = 'signedOut'
                session.value = null
              }}
            >
              {t('signOut')}
            </button>
          )}
        </div>
        {s && (
          <nav aria-label={t('mainNav')}>
            <ul>
              {NAV.map((item) => (
                <li key={item.key}>
                  <Link href={item.href} aria-current={item.pages[0] == r.page ? 'page' : item.pages.includes(r.page) ? 'true' : undefined}>
                    {t(item.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {s === undefined ? startError ? <ErrorBox error={startError} onRetry={start} /> : <Loading /> : s === null ? <SignInPage /> : <Page route={r} />}
      </main>
    </>
  )
}
