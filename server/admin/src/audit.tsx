/** The audit log: every change, newest first, as a table. */
import { get, type AuditEntry } from './api.ts'
import { dateTime } from './format.ts'
import { t } from './state.ts'
import { Load, TableRegion, useLoad } from './ui.tsx'

/** Details are stored as JSON: shown as `key: value` pairs when they are an object, else as they are. */
function Details(props: { details: string | null }) {
  if (!props.details) return <>{t('none')}</>
  let parsed: unknown
  try {
    parsed = JSON.parse(props.details)
  } catch {
    return <span class="break">{props.details}</span>
  }
  if (parsed && typeof parsed == 'object' && !Array.isArray(parsed)) {
    const entries = Object.entries(parsed as Record<string, unknown>)
    if (entries.length == 0) return <>{t('none')}</>
    return (
      <ul class="plain details-list">
        {entries.map(([k, v]) => (
          <li key={k}>
            <span class="muted">{k}:</span> <span class="break">{typeof v == 'string' ? v : JSON.stringify(v)}</span>
          </li>
        ))}
      </ul>
    )
  }
  return <span class="break">{typeof parsed == 'string' ? parsed : JSON.stringify(parsed)}</span>
}

export function AuditPage() {
  const state = useLoad(() => get<{ entries: AuditEntry[] }>('/audit'), [])
  return (
    <>
      <h1 tabIndex={-1}>{t('auditTitle')}</h1>
      <p>{t('auditIntro')}</p>
      <Load state={state}>
        {({ entries }) =>
          entries.length == 0 ? (
            <p>{t('noAudit')}</p>
          ) : (
            <TableRegion label={t('auditTitle')} caption={false}>
              <thead>
                <tr>
                  <th scope="col">{t('time')}</th>
                  <th scope="col">{t('actor')}</th>
                  <th scope="col">{t('action')}</th>
                  <th scope="col">{t('target')}</th>
                  <th scope="col">{t('details')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td class="nowrap">{dateTime(e.createdAt)}</td>
                    <td>{e.actor}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td class="break">{e.target ?? t('none')}</td>
                    <td class="break wide">
                      <Details details={e.details} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableRegion>
          )
        }
      </Load>
    </>
  )
}
