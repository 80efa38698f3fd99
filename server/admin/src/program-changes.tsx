/** Program → what a version changed: each path with its value before and after. */
import { t } from './state.ts'

export interface Change {
  path: string
  before?: unknown
  after?: unknown
}
/** A version and what it changed (a save's answer, a roll-back's, a version's own). */
export interface VersionChanges {
  version: number
  changes: Change[]
}

const shown = (v: unknown) => (v === undefined ? t('emptyValue') : typeof v == 'string' ? v : JSON.stringify(v))

export function ChangeList(props: { changes: Change[] }) {
  if (props.changes.length == 0) return <p>{t('noChanges')}</p>
  return (
    <ul class="changes">
      {props.changes.map((c, i) => (
        <li key={i}>
          <code>{c.path}</code>: <span class="break">{shown(c.before)}</span> → <span class="break">{shown(c.after)}</span>
        </li>
      ))}
    </ul>
  )
}
