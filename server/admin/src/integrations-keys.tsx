/**
 * Webhooks and keys → API keys: the store's keys, a new one (its secret shown once) and a revoke,
 * confirmed.
 */
import { useRef, useState } from 'preact/hooks'
import { ApiError, del, get, post, type ApiKey } from './api.ts'
import { dateTime } from './format.ts'
import { type Confirm, Confirmation } from './integrations-shared.tsx'
import { t } from './state.ts'
import { ErrorLine, errorMessage, Field, Load, SecretOnce, Status, TableRegion, useLoad } from './ui.tsx'

export function Keys() {
  const state = useLoad(() => get<{ keys: ApiKey[] }>('/keys'), [])
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const creating = useCreateKey({ reload: state.reload, onStart: () => setMessage(null) })

  const askRevoke = (k: ApiKey) =>
    setConfirm({
      title: t('revokeTitle', { name: k.name }),
      text: t('revokeText'),
      confirmLabel: t('revoke'),
      run: async () => {
        await del(`/keys/${encodeURIComponent(k.id)}`)
        setMessage(t('revoked', { name: k.name }))
        await state.reload()
      },
      // The Revoke button goes with the key's activity.
      fallbackFocus: () => heading.current,
    })

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title" ref={heading} tabIndex={-1}>
        {t('keysTitle')}
      </h2>
      <p>{t('keysIntro')}</p>
      <Status message={message} />
      <Load state={state}>{({ keys }) => (keys.length == 0 ? <p>{t('noKeys')}</p> : <KeysTable keys={keys} onRevoke={askRevoke} />)}</Load>
      {creating.secret && (
        <SecretOnce label={t('secretKey', { name: creating.secret.name })} secret={creating.secret.secret} onDone={creating.doneWithSecret} />
      )}
      <CreateKeyForm creating={creating} />
      {confirm && <Confirmation confirm={confirm} onClose={() => setConfirm(null)} />}
    </section>
  )
}

/** A new key: its name checked here and by the server (focus goes back to the field), then its secret shown once. */
function useCreateKey(o: { reload: () => Promise<boolean>; onStart: () => void }) {
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [formError, setFormError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null)
  const input = useRef<HTMLInputElement>(null)

  const create = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    if (!name.trim()) {
      setNameError(t('errNameRequired'))
      input.current?.focus()
      return
    }
    setBusy(true)
    setNameError(null)
    setFormError(null)
    o.onStart()
    try {
      const r = await post<{ key: ApiKey; secret: string }>('/keys', { name: name.trim() })
      setSecret({ name: r.key.name, secret: r.secret })
      setName('')
      o.reload()
    } catch (err) {
      const field = err instanceof ApiError ? err.errors.find((f) => f.field == 'name') : undefined
      if (field) {
        setNameError(field.code == 'required' ? t('errNameRequired') : errorMessage(err))
        input.current?.focus()
      } else setFormError(err)
    }
    setBusy(false)
  }

  /** The secret is stored: it goes, and focus goes back to the name field. */
  const doneWithSecret = () => (setSecret(null), input.current?.focus())

  return { name, setName, nameError, formError, busy, secret, input, create, doneWithSecret }
}

function KeysTable(props: { keys: ApiKey[]; onRevoke: (k: ApiKey) => void }) {
  return (
    <TableRegion label={t('keysTitle')} caption={false}>
      <thead>
        <tr>
          <th scope="col">{t('name')}</th>
          <th scope="col">{t('prefix')}</th>
          <th scope="col">{t('created')}</th>
          <th scope="col">{t('lastUsed')}</th>
          <th scope="col">{t('status')}</th>
          <th scope="col">{t('actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.keys.map((k) => (
          <KeyRow key={k.id} k={k} onRevoke={props.onRevoke} />
        ))}
      </tbody>
    </TableRegion>
  )
}

function KeyRow(props: { k: ApiKey; onRevoke: (k: ApiKey) => void }) {
  const { k } = props
  return (
    <tr>
      <th scope="row">{k.name}</th>
      <td>
        <code>{k.prefix}…</code>
      </td>
      <td class="nowrap">{dateTime(k.createdAt)}</td>
      <td class="nowrap">{k.lastUsedAt ? dateTime(k.lastUsedAt) : t('never')}</td>
      <td>{k.revokedAt ? <span class="badge off">{t('revokedOn', { date: dateTime(k.revokedAt) })}</span> : <span class="badge on">{t('active')}</span>}</td>
      <td>
        {!k.revokedAt && (
          <button type="button" class="danger small" aria-label={t('revokeLabel', { name: k.name })} onClick={() => props.onRevoke(k)}>
            {t('revoke')}
          </button>
        )}
      </td>
    </tr>
  )
}

function CreateKeyForm(props: { creating: ReturnType<typeof useCreateKey> }) {
  const { name, setName, nameError, formError, busy, input, create } = props.creating
  return (
    <form onSubmit={create} noValidate class="inline-form">
      <Field id="key-name" label={t('keyName')} hint={t('keyNameHint')} error={nameError}>
        {(aria) => (
          <input {...aria} ref={input} name="name" type="text" maxLength={60} autocomplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        )}
      </Field>
      <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
        {busy ? t('creating') : t('createKey')}
      </button>
      {formError ? <ErrorLine error={formError} /> : null}
    </form>
  )
}
