/**
 * Program → Versions: every version saved (the current one marked), what each changed, and a roll-back
 * to an earlier one after a confirmation (it saves that version's program as a new version).
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { get, post } from './api.ts'
import { dateTime, num } from './format.ts'
import { hasKey } from './i18n.ts'
import { ChangeList, type VersionChanges } from './program-changes.tsx'
import { t } from './state.ts'
import { ConfirmDialog, ErrorLine, TableRegion } from './ui.tsx'

export interface VersionSummary {
  version: number
  source: string
  actor: string | null
  note: string | null
  createdAt: string
}

export function VersionsSection(props: {
  versions: VersionSummary[]
  /** The current version: it is marked, has no roll-back, and is the roll-back's base. */
  current: number
  /** After a roll-back to `version`, the program now being version `current`. */
  onRolledBack: (version: number, current: number) => Promise<void>
}) {
  const [viewing, setViewing] = useState<VersionChanges | null>(null)
  const [viewError, setViewError] = useState<unknown>(null)
  const [rollback, setRollback] = useState<number | null>(null)
  const viewHeading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (viewing) viewHeading.current?.focus()
  }, [viewing])

  const showChanges = async (version: number) => {
    setViewError(null)
    try {
      const r = await get<VersionChanges>(`/program/versions/${version}`)
      setViewing({ version: r.version, changes: r.changes })
    } catch (err) {
      setViewError(err)
    }
  }

  const rollBack = async (version: number) => {
    const r = await post<VersionChanges>('/program/rollback', { base: props.current, version })
    setViewing(null)
    await props.onRolledBack(version, r.version)
    setRollback(null)
  }

  return (
    <>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title" tabIndex={-1}>
          {t('versionsTitle')}
        </h2>
        <VersionsTable versions={props.versions} current={props.current} onShowChanges={(v) => void showChanges(v)} onRollBack={setRollback} />
        {viewError ? <ErrorLine error={viewError} /> : null}
        {viewing && (
          <section class="result" aria-labelledby="version-changes-title">
            <h3 id="version-changes-title" ref={viewHeading} tabIndex={-1}>
              {t('versionChangesTitle', { version: num(viewing.version) })}
            </h3>
            <ChangeList changes={viewing.changes} />
          </section>
        )}
      </section>

      {rollback !== null && (
        <ConfirmDialog
          title={t('rollBackTitle', { version: num(rollback) })}
          text={t('rollBackText', { version: num(rollback) })}
          confirmLabel={t('rollBackConfirm')}
          busyLabel={t('rollingBack')}
          onClose={() => setRollback(null)}
          fallbackFocus={() => document.getElementById('versions-title')}
          onConfirm={() => rollBack(rollback)}
        />
      )}
    </>
  )
}

function VersionsTable(props: {
  versions: VersionSummary[]
  current: number
  onShowChanges: (version: number) => void
  onRollBack: (version: number) => void
}) {
  return (
    <TableRegion label={t('versionsTitle')} caption={false}>
      <thead>
        <tr>
          <th scope="col">{t('versionCol')}</th>
          <th scope="col">{t('sourceCol')}</th>
          <th scope="col">{t('whoCol')}</th>
          <th scope="col">{t('noteCol')}</th>
          <th scope="col">{t('whenCol')}</th>
          <th scope="col">{t('actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.versions.map((v) => {
          const source = 'source_' + v.source
          return (
            <tr key={v.version}>
              <th scope="row" class="num">
                {num(v.version)}
                {v.version == props.current && <span class="badge on">{t('currentBadge')}</span>}
              </th>
              <td>{hasKey(source) ? t(source) : v.source}</td>
              <td>{v.actor ?? t('none')}</td>
              <td class="break">{v.note ?? t('none')}</td>
              <td class="nowrap">{dateTime(v.createdAt)}</td>
              <td>
                <div class="buttons">
                  <button
                    type="button"
                    class="small"
                    aria-label={t('showChangesLabel', { version: num(v.version) })}
                    onClick={() => props.onShowChanges(v.version)}
                  >
                    {t('showChanges')}
                  </button>
                  {v.version != props.current && (
                    <button
                      type="button"
                      class="small"
                      aria-label={t('rollBackLabel', { version: num(v.version) })}
                      onClick={() => props.onRollBack(v.version)}
                    >
                      {t('rollBack')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          )
        })}
      </tbody>
    </TableRegion>
  )
}
