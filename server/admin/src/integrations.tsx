/**
 * Webhooks and keys: the store's API keys (create: the secret shown once; revoke,
 * confirmed), the webhook endpoints (add and rotate: the secret shown once; delete,
 * confirmed) and the latest deliveries (retry).
 */
import { useRef, useState } from 'preact/hooks'
import { ApiError, del, get, post, type ApiKey, type Delivery, type Endpoint } from './api.ts'
import { dateTime } from './format.ts'
import { hasKey } from './i18n.ts'
import { t } from './state.ts'
import { ConfirmDialog, errorMessage, Field, Load, SecretOnce, Status, TableRegion, useLoad } from './ui.tsx'

type Confirm = { title: string; text: string; confirmLabel: string; run: () => Promise<void>; fallbackFocus?: () => HTMLElement | null }

export function IntegrationsPage() {
  return (
    <>
      <h1 tabIndex={-1}>{t('integrationsTitle')}</h1>
      <Keys />
      <Webhooks />
    </>
  )
}

function Keys() {
  const state = useLoad(() => get<{ keys: ApiKey[] }>('/keys'), [])
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [formError, setFormError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null)
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)

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
    setMessage(null)
    try {
      const r = await post<{ key: ApiKey; secret: string }>('/keys', { name: name.trim() })
      setSecret({ name: r.key.name, secret: r.secret })
      setName('')
      state.reload()
    } catch (err) {
      const field = err instanceof ApiError ? err.errors.find((f) => f.field == 'name') : undefined
      if (field) {
        setNameError(field.code == 'required' ? t('errNameRequired') : errorMessage(err))
        input.current?.focus()
      } else setFormError(err)
    }
    setBusy(false)
  }

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title" ref={heading} tabIndex={-1}>
        {t('keysTitle')}
      </h2>
      <p>{t('keysIntro')}</p>
      <Status message={message} />
      <Load state={state}>
        {({ keys }) =>
          keys.length == 0 ? (
            <p>{t('noKeys')}</p>
          ) : (
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
                {keys.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td class="nowrap">{dateTime(k.createdAt)}</td>
                    <td class="nowrap">{k.lastUsedAt ? dateTime(k.lastUsedAt) : t('never')}</td>
                    <td>
                      {k.revokedAt ? (
                        <span class="badge off">{t('revokedOn', { date: dateTime(k.revokedAt) })}</span>
                      ) : (
                        <span class="badge on">{t('active')}</span>
                      )}
                    </td>
                    <td>
                      {!k.revokedAt && (
                        <button
                          type="button"
                          class="danger small"
                          aria-label={t('revokeLabel', { name: k.name })}
                          onClick={() =>
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
                          }
                        >
                          {t('revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableRegion>
          )
        }
      </Load>
      {secret && <SecretOnce label={t('secretKey', { name: secret.name })} secret={secret.secret} onDone={() => (setSecret(null), input.current?.focus())} />}
      <form onSubmit={create} noValidate class="inline-form">
        <Field id="key-name" label={t('keyName')} hint={t('keyNameHint')} error={nameError}>
          {(aria) => (
            <input
              {...aria}
              ref={input}
              name="name"
              type="text"
              maxLength={60}
              autocomplete="off"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('creating') : t('createKey')}
        </button>
        {formError ? <ErrorLine error={formError} /> : null}
      </form>
      {confirm && <Confirmation confirm={confirm} onClose={() => setConfirm(null)} />}
    </section>
  )
}

function ErrorLine(props: { error: unknown }) {
  return (
    <p class="form-error" role="alert">
      {errorMessage(props.error)}
    </p>
  )
}

function Confirmation(props: { confirm: Confirm; onClose: () => void }) {
  const { confirm } = props
  return (
    <ConfirmDialog
      title={confirm.title}
      text={confirm.text}
      confirmLabel={confirm.confirmLabel}
      onClose={props.onClose}
      fallbackFocus={confirm.fallbackFocus}
      onConfirm={async () => {
        await confirm.run()
        props.onClose()
      }}
    />
  )
}

function deliveryState(d: Delivery) {
  const key = d.state == 'pending' && d.attempts > 0 ? 'state_retrying' : 'state_' + d.state
  return hasKey(key) ? t(key) : d.state
}

function Webhooks() {
  const state = useLoad(() => get<{ endpoints: Endpoint[]; deliveries: Delivery[] }>('/webhooks'), [])
  const [url, setUrl] = useState('')
  const [urlError, setUrlError] = useState<string | null>(null)
  const [formError, setFormError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null)
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [retryError, setRetryError] = useState<unknown>(null)
  const input = useRef<HTMLInputElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)

  const add = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    let ok = false
    try {
      ok = /^https?:$/.test(new URL(url.trim()).protocol)
    } catch {}
    if (!ok) {
      setUrlError(t('errUrl'))
      input.current?.focus()
      return
    }
    setBusy(true)
    setUrlError(null)
    setFormError(null)
    setMessage(null)
    try {
      const r = await post<{ endpoint: Endpoint; secret: string }>('/webhooks', { url: url.trim() })
      setSecret({ url: r.endpoint.url, secret: r.secret })
      setUrl('')
      state.reload()
    } catch (err) {
      const field = err instanceof ApiError ? err.errors.find((f) => f.field == 'url') : undefined
      if (field) {
        setUrlError(err instanceof ApiError && err.detail ? `${t('errUrl')} (${err.detail})` : t('errUrl'))
        input.current?.focus()
      } else setFormError(err)
    }
    setBusy(false)
  }

  const retry = async (d: Delivery) => {
    setRetryError(null)
    setMessage(null)
    try {
      await post(`/deliveries/${encodeURIComponent(d.id)}/retry`)
      setMessage(t('retried'))
      state.reload()
    } catch (err) {
      setRetryError(err)
    }
  }

  return (
    <>
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title" ref={heading} tabIndex={-1}>
          {t('endpointsTitle')}
        </h2>
        <p>{t('endpointsIntro')}</p>
        <Status message={message} />
        <Load state={state}>
          {({ endpoints }) =>
            endpoints.length == 0 ? (
              <p>{t('noEndpoints')}</p>
            ) : (
              <TableRegion label={t('endpointsTitle')} caption={false}>
                <thead>
                  <tr>
                    <th scope="col">{t('url')}</th>
                    <th scope="col">{t('created')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {endpoints.map((ep) => (
                    <tr key={ep.id}>
                      <th scope="row" class="break">
                        {ep.url}
                        {ep.name && (
                          <span class="hint">
                            {t('fromSettings')}: <code>{ep.name}</code>
                          </span>
                        )}
                      </th>
                      <td class="nowrap">{dateTime(ep.createdAt)}</td>
                      <td>
                        {ep.disabledAt ? (
                          <span class="badge off">{t('disabledOn', { date: dateTime(ep.disabledAt) })}</span>
                        ) : (
                          <span class="badge on">{t('active')}</span>
                        )}
                      </td>
                      <td>
                        {!ep.disabledAt && !ep.name && (
                          <div class="buttons">
                            <button
                              type="button"
                              class="small"
                              aria-label={t('rotateLabel', { url: ep.url })}
                              onClick={() =>
                                setConfirm({
                                  title: t('rotateTitle', { url: ep.url }),
                                  text: t('rotateText'),
                                  confirmLabel: t('rotate'),
                                  run: async () => {
                                    const r = await post<{ secret: string }>(`/webhooks/${encodeURIComponent(ep.id)}/rotate`)
                                    setMessage(t('rotated', { url: ep.url }))
                                    setSecret({ url: ep.url, secret: r.secret })
                                  },
                                })
                              }
                            >
                              {t('rotate')}
                            </button>
                            <button
                              type="button"
                              class="danger small"
                              aria-label={t('removeLabel', { url: ep.url })}
                              onClick={() =>
                                setConfirm({
                                  title: t('removeTitle', { url: ep.url }),
                                  text: t('removeText'),
                                  confirmLabel: t('remove'),
                                  run: async () => {
                                    await del(`/webhooks/${encodeURIComponent(ep.id)}`)
                                    setMessage(t('removed', { url: ep.url }))
                                    await state.reload()
                                  },
                                  fallbackFocus: () => heading.current,
                                })
                              }
                            >
                              {t('remove')}
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </TableRegion>
            )
          }
        </Load>
        {secret && (
          <SecretOnce label={t('secretEndpoint', { url: secret.url })} secret={secret.secret} onDone={() => (setSecret(null), input.current?.focus())} />
        )}
        <form onSubmit={add} noValidate class="inline-form">
          <Field id="endpoint-url" label={t('endpointUrl')} hint={t('endpointUrlHint')} error={urlError}>
            {(aria) => (
              <input
                {...aria}
                ref={input}
                name="url"
                type="url"
                inputMode="url"
                autocomplete="off"
                spellcheck={false}
                value={url}
                onInput={(e) => setUrl(e.currentTarget.value)}
              />
            )}
          </Field>
          <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
            {busy ? t('creating') : t('addEndpoint')}
          </button>
          {formError ? <ErrorLine error={formError} /> : null}
        </form>
      </section>

      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t('deliveriesTitle')}</h2>
        {retryError ? <ErrorLine error={retryError} /> : null}
        <Load state={state}>
          {({ deliveries, endpoints }) =>
            deliveries.length == 0 ? (
              <p>{t('noDeliveries')}</p>
            ) : (
              <TableRegion label={t('deliveriesTitle')} caption={false}>
                <thead>
                  <tr>
                    <th scope="col">{t('event')}</th>
                    <th scope="col">{t('endpoint')}</th>
                    <th scope="col">{t('state')}</th>
                    <th scope="col" class="num">
                      {t('attempts')}
                    </th>
                    <th scope="col">{t('lastResult')}</th>
                    <th scope="col">{t('when')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.map((d) => {
                    const endpoint = endpoints.find((ep) => ep.id == d.endpointId)
                    return (
                      <tr key={d.id}>
                        <th scope="row" class="nowrap">
                          <code>{d.type}</code>
                        </th>
                        <td class="break">{endpoint?.url ?? d.endpointId}</td>
                        <td>
                          <span class={`badge ${d.state == 'delivered' ? 'on' : d.state == 'failed' ? 'off' : 'wait'}`}>{deliveryState(d)}</span>
                        </td>
                        <td class="num">{d.attempts}</td>
                        <td class="break">{[d.lastStatus, d.lastError].filter((x) => x != null && x !== '').join(' · ') || t('none')}</td>
                        <td class="nowrap">
                          {d.deliveredAt
                            ? t('deliveredAt', { date: dateTime(d.deliveredAt) })
                            : d.state == 'pending' && d.nextAt
                              ? t('nextAttempt', { date: dateTime(d.nextAt) })
                              : dateTime(d.createdAt)}
                        </td>
                        <td>
                          {d.state != 'pending' && !endpoint?.disabledAt && (
                            <button
                              type="button"
                              class="small"
                              aria-label={t('retryLabel', { type: d.type, date: dateTime(d.createdAt) })}
                              onClick={() => retry(d)}
                            >
                              {t('retry_')}
                            </button>
                          )}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </TableRegion>
            )
          }
        </Load>
      </section>
      {confirm && <Confirmation confirm={confirm} onClose={() => setConfirm(null)} />}
    </>
  )
}
