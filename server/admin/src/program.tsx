/**
 * Program: the program's current version and an editor for the parts a store
 * owner changes most (ways to earn, punch cards among them, rewards with their
 * images, tiers, campaigns, member offers, badges, a few settings), the whole
 * definition as JSON for the rest, Save (a new version; 409 when someone saved
 * first, 422 with each problem by its field, the edits kept either way), and the
 * versions with their changes and a confirmed roll-back.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, get, post, type FieldError } from './api.ts'
import { dateTime, num } from './format.ts'
import { hasKey } from './i18n.ts'
import { t } from './state.ts'
import { type Definition, idOf, type Text, textOf } from './program-model.ts'
import { BadgesSection } from './program-badges.tsx'
import { type EditorTools, OffersSection } from './program-offers.tsx'
import { ConfirmDialog, errorMessage, Field, Load, Status, TableRegion, useLoad } from './ui.tsx'

export interface Change {
  path: string
  before?: unknown
  after?: unknown
}
interface VersionSummary {
  version: number
  source: string
  actor: string | null
  note: string | null
  createdAt: string
}
interface ProgramState {
  version: number
  definition: Definition
  versions: VersionSummary[]
}

/** A number typed in a field: empty is "not set", anything not a number is sent as typed (the server says what is wrong). */
const parseNumber = (s: string): number | string | undefined => {
  const v = s.trim().replace(',', '.')
  if (!v) return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : s
}
/** An ISO moment as the value of a datetime-local input (the browser's time zone). */
const toLocalInput = (iso: string | undefined) => {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}
const fromLocalInput = (value: string) => {
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace('.000Z', 'Z')
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

export function ProgramPage() {
  const state = useLoad(() => get<ProgramState>('/program'), [])
  return (
    <>
      <h1 tabIndex={-1}>{t('programTitle')}</h1>
      <p>{t('programIntro')}</p>
      <Load state={state}>{(data) => <Editor data={data} reload={state.reload} />}</Load>
    </>
  )
}

function Editor(props: { data: ProgramState; reload: () => Promise<boolean> }) {
  const { data } = props
  const [draft, setDraft] = useState<Definition>(() => structuredClone(data.definition))
  const [base, setBase] = useState(data.version)
  /** What is typed in number fields, by path, while it is being typed. */
  const [raw, setRaw] = useState<Record<string, string>>({})
  const [jsonText, setJsonText] = useState<string | null>(null)
  const [jsonError, setJsonError] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [problems, setProblems] = useState<FieldError[]>([])
  const [conflict, setConflict] = useState(false)
  const [formError, setFormError] = useState<unknown>(null)
  const [saved, setSaved] = useState<{ version: number; changes: Change[] } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [viewing, setViewing] = useState<{ version: number; changes: Change[] } | null>(null)
  const [viewError, setViewError] = useState<unknown>(null)
  const [rollback, setRollback] = useState<number | null>(null)
  const resetNext = useRef(false)
  const savedHeading = useRef<HTMLHeadingElement>(null)
  const problemsRef = useRef<HTMLDivElement>(null)
  const viewHeading = useRef<HTMLHeadingElement>(null)
  const jsonRef = useRef<HTMLDetailsElement>(null)
  const currency = draft.currency || 'EUR'

  // After a save, a roll-back or "Reload", the editor starts again from the server's program.
  useEffect(() => {
    if (!resetNext.current) return
    resetNext.current = false
    setDraft(structuredClone(data.definition))
    setBase(data.version)
    setRaw({})
    setJsonText(null)
    setJsonError(null)
  }, [data])

  useEffect(() => {
    if (saved) savedHeading.current?.focus()
  }, [saved])
  useEffect(() => {
    if (viewing) viewHeading.current?.focus()
  }, [viewing])

  const update = (change: (d: Definition) => void) => {
    setDraft((d) => {
      const next = structuredClone(d)
      change(next)
      return next
    })
    setJsonText(null)
    setJsonError(null)
  }

  const errorFor = (path: string) => {
    const found = problems.filter((p) => p.field == 'program.' + path)
    return found.length ? found.map((p) => p.code).join(' ') : null
  }

  const numberField = (path: string, label: string, value: number | undefined, set: (d: Definition, v: number | string | undefined) => void) => (
    <Field id={idOf(path)} label={label} error={errorFor(path)}>
      {(aria) => (
        <input
          {...aria}
          type="text"
          inputMode="decimal"
          class="short"
          autocomplete="off"
          value={raw[path] ?? (value === undefined ? '' : String(value))}
          onInput={(e) => {
            const v = e.currentTarget.value
            setRaw((r) => ({ ...r, [path]: v }))
            update((d) => set(d, parseNumber(v)))
          }}
        />
      )}
    </Field>
  )

  const textField = (path: string, label: string, value: string, set: (d: Definition, v: string) => void) => (
    <Field id={idOf(path)} label={label} error={errorFor(path)}>
      {(aria) => <input {...aria} type="text" autocomplete="off" value={value} onInput={(e) => update((d) => set(d, e.currentTarget.value))} />}
    </Field>
  )

  /** A moment, in the browser's time zone; emptied, an optional one is "not set" (`undefined`), a required one keeps its value. */
  const dateField = (path: string, label: string, value: string | undefined, set: (d: Definition, v: string | undefined) => void, optional = false) => (
    <Field id={idOf(path)} label={label} error={errorFor(path)}>
      {(aria) => (
        <input
          {...aria}
          type="datetime-local"
          value={toLocalInput(value)}
          onInput={(e) => {
            const v = e.currentTarget.value
            // A date being retyped (partly filled) reads as empty too: that is not "no date".
            if (!v && e.currentTarget.validity.badInput) return
            if (v || optional) update((d) => set(d, v ? fromLocalInput(v) : undefined))
          }}
        />
      )}
    </Field>
  )

  /** An item's name in English, and in Latvian when the program gives its names per language. */
  const nameFields = (p: string, name: Text, item: (d: Definition) => Record<string, unknown>) => {
    const map = typeof name == 'object'
    return (
      <>
        {textField(`${p}.name${map ? '.en' : ''}`, t('nameEn'), textOf(name), (d, v) => setText(item(d), 'name', 'en', v))}
        {map && textField(`${p}.name.lv`, t('nameLv'), textOf(name, 'lv'), (d, v) => setText(item(d), 'name', 'lv', v))}
      </>
    )
  }

  /** Sets (or, when undefined, removes) a key: an optional number left empty is not in the program. */
  const put = <T extends Record<string, unknown>>(o: T, key: string, v: unknown) => {
    if (v === undefined) delete o[key]
    else (o as Record<string, unknown>)[key] = v
  }
  const setText = (o: Record<string, unknown>, key: string, lang: string, v: string) => {
    const current = o[key] as Text | undefined
    if (current && typeof current == 'object') current[lang] = v
    else if (lang == 'en') put(o, key, v || undefined)
  }

  const save = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    setSaved(null)
    setMessage(null)
    setFormError(null)
    setConflict(false)
    if (jsonError) {
      setFormError(t('errFixJson'))
      if (jsonRef.current) jsonRef.current.open = true
      document.getElementById('program-json')?.focus()
      return
    }
    setBusy(true)
    setProblems([])
    try {
      const r = await post<{ version: number; changes: Change[] }>('/program', { base, definition: draft, ...(note.trim() && { note: note.trim() }) })
      setNote('')
      resetNext.current = true
      await props.reload()
      setSaved(r)
    } catch (err) {
      if (err instanceof ApiError && err.code == 'version_conflict') setConflict(true)
      else if (err instanceof ApiError && err.errors.length) {
        setProblems(err.errors)
        // The first problem the page shows a field for gets focus; else the list of problems.
        requestAnimationFrame(() => {
          const first = err.errors.map((p) => document.getElementById(idOf(p.field.replace(/^program\./, '')))).find((x) => x && 'value' in x)
          ;(first ?? problemsRef.current)?.focus()
        })
      } else setFormError(err)
    }
    setBusy(false)
  }

  const showChanges = async (version: number) => {
    setViewError(null)
    try {
      const r = await get<{ version: number; changes: Change[] }>(`/program/versions/${version}`)
      setViewing({ version: r.version, changes: r.changes })
    } catch (err) {
      setViewError(err)
    }
  }

  const rules = draft.rules ?? []
  const rewards = draft.rewards ?? []
  const tiers = draft.tiers ?? []
  const campaigns = draft.campaigns ?? []
  const groupError = (path: string) => {
    const e = errorFor(path)
    return e ? <p class="field-error">{e}</p> : null
  }
  const tools: EditorTools = { update, put, setText, setRaw, errorFor, textField, numberField, dateField, nameFields, groupError }

  return (
    <>
      <p class="version-line">
        <strong>{t('currentVersion', { version: num(base) })}</strong>
      </p>
      <form onSubmit={save} noValidate class="program-form">
        <section aria-labelledby="rules-edit-title">
          <h2 id="rules-edit-title">{t('rulesEditTitle')}</h2>
          {rules.map((r, i) => {
            const p = `rules[${i}]`
            return (
              <fieldset key={r.id + i} class="item">
                <legend>{textOf(r.name) || r.id}</legend>
                {groupError(p)}
                <div class="grid-fields">
                  {nameFields(p, r.name, (d) => d.rules![i]!)}
                  {numberField(`${p}.points`, t('rulePoints'), r.points, (d, v) => put(d.rules![i]!, 'points', v))}
                  {r.kind == 'purchase' && numberField(`${p}.per`, t('rulePer', { currency }), r.per, (d, v) => put(d.rules![i]!, 'per', v))}
                  {r.kind == 'punch_card' && numberField(`${p}.every`, t('punchEvery'), r.every, (d, v) => put(d.rules![i]!, 'every', v))}
                  {r.kind == 'punch_card' && (
                    <Field id={idOf(`${p}.rewardId`)} label={t('punchReward')} error={errorFor(`${p}.rewardId`)}>
                      {(aria) => (
                        <select
                          {...aria}
                          value={r.rewardId ?? ''}
                          onChange={(e) => update((d) => put(d.rules![i]!, 'rewardId', e.currentTarget.value || undefined))}
                        >
                          <option value="">{t('punchNoReward')}</option>
                          {rewards.map((reward) => (
                            <option key={reward.id} value={reward.id}>
                              {textOf(reward.name) || reward.id}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  )}
                </div>
              </fieldset>
            )
          })}
        </section>

        <section aria-labelledby="rewards-edit-title">
          <h2 id="rewards-edit-title">{t('rewardsEditTitle')}</h2>
          {rewards.map((r, i) => {
            const p = `rewards[${i}]`
            return (
              <fieldset key={r.id + i} class="item">
                <legend>{textOf(r.name) || r.id}</legend>
                {groupError(p)}
                <div class="grid-fields">
                  {nameFields(p, r.name, (d) => d.rewards![i]!)}
                  {numberField(`${p}.cost`, t('rewardCost'), r.cost, (d, v) => put(d.rewards![i]!, 'cost', v))}
                  {(r.kind == 'amount_off' || r.kind == 'percent_off') &&
                    numberField(`${p}.value`, r.kind == 'amount_off' ? t('rewardValueAmount', { currency }) : t('rewardValuePercent'), r.value, (d, v) =>
                      put(d.rewards![i]!, 'value', v),
                    )}
                  {numberField(`${p}.minOrderAmount`, t('minOrderAmount', { currency }), r.minOrderAmount, (d, v) => put(d.rewards![i]!, 'minOrderAmount', v))}
                </div>
                {textField(`${p}.description${typeof r.description == 'object' ? '.en' : ''}`, t('descriptionEn'), textOf(r.description), (d, v) =>
                  setText(d.rewards![i]!, 'description', 'en', v),
                )}
                <div class="image-field">
                  {textField(`${p}.imageUrl`, t('rewardImage'), typeof r.imageUrl == 'string' ? r.imageUrl : '', (d, v) =>
                    put(d.rewards![i]!, 'imageUrl', v.trim() || undefined),
                  )}
                  {typeof r.imageUrl == 'string' && /^https:\/\/[^\s]+$/.test(r.imageUrl) && (
                    <img
                      class="reward-image"
                      src={r.imageUrl}
                      alt={t('rewardImagePreview', { name: textOf(r.name) || r.id })}
                      width={96}
                      height={96}
                      loading="lazy"
                      referrerpolicy="no-referrer"
                    />
                  )}
                </div>
              </fieldset>
            )
          })}
        </section>

        <section aria-labelledby="tiers-edit-title">
          <h2 id="tiers-edit-title">{t('tiersEditTitle')}</h2>
          {tiers.map((tier, i) => {
            const p = `tiers[${i}]`
            return (
              <fieldset key={tier.id + i} class="item">
                <legend>{textOf(tier.name) || tier.id}</legend>
                {groupError(p)}
                <div class="grid-fields">
                  {numberField(`${p}.threshold`, t('tierThreshold'), tier.threshold, (d, v) => put(d.tiers![i]!, 'threshold', v))}
                  {numberField(`${p}.multiplier`, t('tierMultiplier'), tier.multiplier, (d, v) => put(d.tiers![i]!, 'multiplier', v))}
                </div>
              </fieldset>
            )
          })}
        </section>

        <section aria-labelledby="campaigns-title">
          <h2 id="campaigns-title">{t('campaignsTitle')}</h2>
          {campaigns.length == 0 && <p>{t('noCampaigns')}</p>}
          {campaigns.map((c, i) => {
            const p = `campaigns[${i}]`
            const label = textOf(c.name) || t('newCampaign')
            return (
              <fieldset key={c.id} class="item">
                <legend>{label}</legend>
                {groupError(p)}
                <div class="grid-fields">
                  {nameFields(p, c.name, (d) => d.campaigns![i]!)}
                  {dateField(`${p}.startsAt`, t('campaignStarts'), c.startsAt, (d, v) => (d.campaigns![i]!.startsAt = v!))}
                  {dateField(`${p}.endsAt`, t('campaignEnds'), c.endsAt, (d, v) => (d.campaigns![i]!.endsAt = v!))}
                  {numberField(`${p}.multiplier`, t('campaignMultiplier'), c.multiplier, (d, v) => put(d.campaigns![i]!, 'multiplier', v))}
                  {numberField(`${p}.bonus`, t('campaignBonus'), c.bonus, (d, v) => put(d.campaigns![i]!, 'bonus', v))}
                </div>
                <button
                  type="button"
                  class="small"
                  aria-label={t('removeCampaignLabel', { name: label })}
                  onClick={() => {
                    update((d) => d.campaigns!.splice(i, 1))
                    setRaw({})
                    document.getElementById('campaigns-title')?.focus()
                  }}
                >
                  {t('removeCampaign')}
                </button>
              </fieldset>
            )
          })}
          <button
            type="button"
            onClick={() => {
              const start = new Date()
              start.setUTCHours(0, 0, 0, 0)
              start.setUTCDate(start.getUTCDate() + 1)
              const end = new Date(start.getTime() + 7 * 86_400_000)
              const index = campaigns.length
              update((d) => {
                d.campaigns = [
                  ...(d.campaigns ?? []),
                  {
                    id: `campaign-${Date.now().toString(36)}`,
                    name: { en: '' },
                    startsAt: start.toISOString().replace('.000Z', 'Z'),
                    endsAt: end.toISOString().replace('.000Z', 'Z'),
                    multiplier: 2,
                  },
                ]
              })
              requestAnimationFrame(() => document.getElementById(idOf(`campaigns[${index}].name.en`))?.focus())
            }}
          >
            {t('addCampaign')}
          </button>
        </section>

        <OffersSection draft={draft} tools={tools} />

        <BadgesSection draft={draft} tools={tools} />

        <section aria-labelledby="settings-title">
          <h2 id="settings-title">{t('settingsTitle')}</h2>
          <div class="grid-fields">
            {numberField('couponExpiryDays', t('couponExpiryDays'), draft.couponExpiryDays, (d, v) => put(d, 'couponExpiryDays', v))}
            {numberField('pointsExpiryMonths', t('pointsExpiryMonths'), draft.pointsExpiryMonths, (d, v) => put(d, 'pointsExpiryMonths', v))}
            {draft.referral &&
              numberField('referral.minOrderAmount', t('referralMinOrder', { currency }), draft.referral.minOrderAmount, (d, v) =>
                put(d.referral!, 'minOrderAmount', v),
              )}
            {draft.referral &&
              numberField('referral.monthlyCap', t('referralMonthlyCap'), draft.referral.monthlyCap, (d, v) => put(d.referral!, 'monthlyCap', v))}
          </div>
        </section>

        <details ref={jsonRef} class="json">
          <summary>{t('advancedJson')}</summary>
          <Field id="program-json" label={t('programJson')} hint={t('jsonHint')} error={jsonError ? t('errJson', { message: jsonError }) : null}>
            {(aria) => (
              <textarea
                {...aria}
                class="mono"
                rows={16}
                spellcheck={false}
                value={jsonText ?? JSON.stringify(draft, null, 2)}
                onInput={(e) => {
                  const text = e.currentTarget.value
                  setJsonText(text)
                  try {
                    const parsed: unknown = JSON.parse(text)
                    if (!parsed || typeof parsed != 'object' || Array.isArray(parsed)) throw new Error('{ … }')
                    setDraft(parsed as Definition)
                    setRaw({})
                    setJsonError(null)
                  } catch (err) {
                    setJsonError(err instanceof Error ? err.message : String(err))
                  }
                }}
              />
            )}
          </Field>
        </details>

        <div class="save-bar">
          <Field id="program-note" label={t('saveNote')}>
            {(aria) => <input {...aria} type="text" maxLength={200} autocomplete="off" value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
          </Field>
          <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
            {busy ? t('saving') : t('saveProgram')}
          </button>
        </div>
        {problems.length > 0 && (
          <div class="error-box" role="alert" tabIndex={-1} ref={problemsRef}>
            <p>{t('errProgramInvalid')}</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  <code>{p.field}</code>: {p.code}
                </li>
              ))}
            </ul>
          </div>
        )}
        {conflict && (
          <div class="error-box" role="alert">
            <p>{t('errConflict')}</p>
            <button
              type="button"
              onClick={() => {
                setConflict(false)
                resetNext.current = true
                void props.reload()
              }}
            >
              {t('reloadProgram')}
            </button>
          </div>
        )}
        {formError ? (
          <p class="form-error" role="alert">
            {typeof formError == 'string' ? formError : errorMessage(formError)}
          </p>
        ) : null}
      </form>

      <Status message={message} />
      {saved && (
        <section class="result" aria-labelledby="saved-title">
          <h2 id="saved-title" ref={savedHeading} tabIndex={-1}>
            {t('savedAs', { version: num(saved.version) })}
          </h2>
          <ChangeList changes={saved.changes} />
        </section>
      )}

      <section aria-labelledby="versions-title">
        <h2 id="versions-title" tabIndex={-1}>
          {t('versionsTitle')}
        </h2>
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
            {data.versions.map((v) => {
              const source = 'source_' + v.source
              return (
                <tr key={v.version}>
                  <th scope="row" class="num">
                    {num(v.version)}
                    {v.version == data.version && <span class="badge on">{t('currentBadge')}</span>}
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
                        onClick={() => void showChanges(v.version)}
                      >
                        {t('showChanges')}
                      </button>
                      {v.version != data.version && (
                        <button type="button" class="small" aria-label={t('rollBackLabel', { version: num(v.version) })} onClick={() => setRollback(v.version)}>
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
        {viewError ? (
          <p class="form-error" role="alert">
            {errorMessage(viewError)}
          </p>
        ) : null}
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
          onConfirm={async () => {
            const r = await post<{ version: number; changes: Change[] }>('/program/rollback', { base: data.version, version: rollback })
            resetNext.current = true
            setSaved(null)
            setViewing(null)
            setMessage(t('rolledBack', { version: num(rollback), current: num(r.version) }))
            await props.reload()
            setRollback(null)
          }}
        />
      )}
    </>
  )
}
