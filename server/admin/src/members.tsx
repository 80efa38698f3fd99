/** Members: a search form (email or name, kept in the URL as ?q=) and the results as a table of links. */
import { useEffect, useState } from 'preact/hooks'
import { get, type MemberRecord } from './api.ts'
import { day, num } from './format.ts'
import { href, Link, navigate } from './router.tsx'
import { lang, notice, t, tn } from './state.ts'
import { Load, Status, TableRegion, useLoad } from './ui.tsx'

export function MembersPage(props: { q: string }) {
  const { q } = props
  const [text, setText] = useState(q)
  useEffect(() => setText(q), [q])
  // A notice from the page before (a member erased) is shown once.
  const [carried] = useState(() => notice.peek())
  useEffect(() => {
    notice.value = null
  }, [])
  // The API lists matches only: no search, no list.
  const state = useLoad(() => (q ? get<{ members: MemberRecord[] }>(`/members?q=${encodeURIComponent(q)}`) : Promise.resolve({ members: [] })), [q, lang.value])
  const members = state.data?.members
  const summary = q && members && !state.loading ? tn('resultsFor', members.length, { q }) : null

  return (
    <>
      <h1 tabIndex={-1}>{t('membersTitle')}</h1>
      <Status message={carried} />
      {/* biome-ignore lint/a11y/useSemanticElements: the search landmark on the form itself; <search> around it would add an element for the same meaning */}
      <form
        role="search"
        class="search"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          navigate(href.members(text.trim()), { keepFocus: true })
          // The same search again: load it afresh.
          if (text.trim() == q) state.reload()
        }}
      >
        <label for="q">{t('searchLabel')}</label>
        <p class="hint" id="q-hint">
          {t('searchHint')}
        </p>
        <div class="row">
          <input
            id="q"
            name="q"
            type="search"
            autocomplete="off"
            spellcheck={false}
            aria-describedby="q-hint"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button type="submit" class="primary">
            {t('search')}
          </button>
        </div>
      </form>
      <p role="status" class="muted">
        {summary ?? ''}
      </p>
      {q && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t('searchResults')}</h2>
          <Load state={state}>
            {({ members }) =>
              members.length == 0 ? null : (
                <TableRegion label={t('searchResults')} caption={false}>
                  <thead>
                    <tr>
                      <th scope="col">{t('email')}</th>
                      <th scope="col">{t('name')}</th>
                      <th scope="col">{t('tier')}</th>
                      <th scope="col" class="num">
                        {t('balance')}
                      </th>
                      <th scope="col">{t('joined')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((m) => (
                      <tr key={m.id}>
                        <th scope="row">
                          <Link href={href.member(m.id)}>{m.email}</Link>
                        </th>
                        <td>{m.name ?? <span class="muted">{t('noName')}</span>}</td>
                        <td>{m.tier?.name ?? t('none')}</td>
                        <td class="num">{num(m.balance)}</td>
                        <td>{day(m.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </TableRegion>
              )
            }
          </Load>
        </section>
      )}
    </>
  )
}
