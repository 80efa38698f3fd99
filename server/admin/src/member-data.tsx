/**
 * One member → their data: Export (the JSON download) and Erase (a dialog that names the member and
 * wants a word typed; once erased, the member list says so).
 */
import { useState } from 'preact/hooks'
import { API, del, type MemberRecord } from './api.ts'
import { points } from './format.ts'
import { href, navigate } from './router.tsx'
import { notice, t } from './state.ts'
import { ConfirmDialog } from './ui.tsx'

const who = (m: MemberRecord) => (m.name ? `${m.name} (${m.email})` : m.email)

export function ExportSection(props: { m: MemberRecord }) {
  const { m } = props
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t('exportData')}</h2>
      <p>{t('exportHint')}</p>
      <a class="button" href={`${API}/members/${encodeURIComponent(m.id)}/export`} download={`member-${m.id}.json`}>
        {t('exportData')}
      </a>
    </section>
  )
}

/** The danger zone's Erase button, and the dialog it opens (after the section). */
export function EraseSection(props: { m: MemberRecord }) {
  const { m } = props
  const [erasing, setErasing] = useState(false)
  const erase = async () => {
    await del(`/members/${encodeURIComponent(m.id)}`)
    notice.value = t('memberErased', { who: who(m) })
    setErasing(false)
    navigate(href.members())
  }
  return (
    <>
      <section aria-labelledby="erase-title" class="danger-zone">
        <h2 id="erase-title">{t('dangerZone')}</h2>
        <p>{t('eraseIntro')}</p>
        <button type="button" class="danger" onClick={() => setErasing(true)}>
          {t('erase')}
        </button>
      </section>

      {erasing && (
        <ConfirmDialog
          title={t('eraseTitle', { who: who(m) })}
          text={t('eraseText', { who: who(m), balance: points(m.balance) })}
          word={t('eraseWord')}
          confirmLabel={t('eraseConfirm')}
          busyLabel={t('erasing')}
          onClose={() => setErasing(false)}
          onConfirm={erase}
        />
      )}
    </>
  )
}
