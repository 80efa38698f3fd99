/** Members: a search form (email or name, kept in the URL as ?q=) and the results as a table of links. */
import { useEffect, useState } from 'preact/hooks'
import { get, type MemberRecord } from './api.ts'
import { day, num } from './format.ts'
import { href, Link, navigate } from './router.tsx'
import { lang, notice, t, tn } from './state.ts'
import { Load, type Loaded, Status, TableRegion, useLoad } from './ui.tsx'

type Results = { members: MemberRecord[] }

export function MembersPage(props: { q: string }) {
  const { q } = props
  const [text, setText] = useTyped(q)
  const carried = useCarriedNotice()
  const state = useResults(q)
  const members = state.data?.members
  const summary = q && members && !state.loading ? tn('resultsFor', members.length, { q }) : null
  const search = () => {
    navigate(href.members(text.trim()), { keepFocus: true })
    // The same search again: load it afresh.
    if (text.trim() == q) state.reload()
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('membersTitle')}</h1>
      <Status message={carried} />
      <SearchForm text={text} onText={setText} onSearch={search} />
      <p role="status" class="muted">
        {summary ?? ''}
      </p>
      {q && <ResultsSection state={state} />}
    </>
  )
}

/** What is typed in the search box: the search in the URL again whenever that changes (Back, Forward). */
function useTyped(q: string) {
  const [text, setText] = useState(q)
  useEffect(() => setText(q), [q])
  return [text, setText] as const
}

function useCarriedNotice() {
  // A notice from the page before (a member erased) is shown once.
  const [carried] = useState(() => notice.peek())
  useEffect(() => {
    notice.value = null
  }, [])
  return carried
}

function useResults(q: string) {
  // The API lists matches only: no search, no list.
  return useLoad(() => (q ? get<Results>(`/members?q=${encodeURIComponent(q)}`) : Promise.resolve({ members: [] })), [q, lang.value])
}

function SearchForm(props: { text: string; onText: (text: string) => void; onSearch: () => void }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: the search landmark on the form itself; <search> around it would add an element for the same meaning
    <form
      role="search"
      class="search"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        props.onSearch()
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
          value={props.text}
          onInput={(e) => props.onText(e.currentTarget.value)}
        />
        <button type="submit" class="primary">
          {t('search')}
        </button>
      </div>
    </form>
  )
}

function ResultsSection(props: { state: Loaded<Results> }) {
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('searchResults')}</h2>
      <Load state={props.state}>{({ members }) => (members.length == 0 ? null : <ResultsTable members={members} />)}</Load>
    </section>
  )
}

function ResultsTable(props: { members: MemberRecord[] }) {
  return (
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
        {props.members.map((m) => (
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
