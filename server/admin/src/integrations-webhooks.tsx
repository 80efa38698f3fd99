/**
 * Webhooks and keys → webhooks: the endpoints (add and rotate: the secret shown once; delete, confirmed)
 * and the latest deliveries (retry). Both sections share the loaded data and one status line; the
 * confirmation dialog comes after them.
 */
import { useRef, useState } from 'preact/hooks'
import { ApiError, del, get, post, type Delivery, type Endpoint } from './api.ts'
import { dateTime } from './format.ts'
import { DeliveriesSection, useRetry } from './integrations-deliveries.tsx'
import { type Confirm, Confirmation } from './integrations-shared.tsx'
import { t } from './state.ts'
import { ErrorLine, Field, Load, type Loaded, SecretOnce, Status, TableRegion, useLoad } from './ui.tsx'

type WebhooksData = { endpoints: Endpoint[]; deliveries: Delivery[] }
type EndpointSecret = { url: string; secret: string }

export function Webhooks() {
  const state = useLoad(() => get<WebhooksData>('/webhooks'), [])
  const [secret, setSecret] = useState<EndpointSecret | null>(null)
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const adding = useAddEndpoint({ reload: state.reload, onStart: () => setMessage(null), onAdded: setSecret })
  const retrying = useRetry({ reload: state.reload, setMessage })

  const askRotate = (ep: Endpoint) =>
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
  const askRemove = (ep: Endpoint) =>
    setConfirm({
      title: t('removeTitle', { url: ep.url }),
      text: t('removeText'),
      confirmLabel: t('remove'),
      run: async () => {
        await del(`/webhooks/${encodeURIComponent(ep.id)}`)
        setMessage(t('removed', { url: ep.url }))
        await state.reload()
      },
      // The Remove button goes with the endpoint (a rotation keeps it).
      fallbackFocus: () => heading.current,
    })

  return (
    <>
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title" ref={heading} tabIndex={-1}>
          {t('endpointsTitle')}
        </h2>
        <p>{t('endpointsIntro')}</p>
        <Status message={message} />
        <EndpointsList state={state} onRotate={askRotate} onRemove={askRemove} />
        {secret && (
          <SecretOnce label={t('secretEndpoint', { url: secret.url })} secret={secret.secret} onDone={() => (setSecret(null), adding.input.current?.focus())} />
        )}
        <AddEndpointForm adding={adding} />
      </section>

      <DeliveriesSection state={state} retryError={retrying.retryError} onRetry={retrying.retry} />
      {confirm && <Confirmation confirm={confirm} onClose={() => setConfirm(null)} />}
    </>
  )
}

/** A new endpoint: an http(s) URL, checked here and by the server (focus goes back to the field); its secret is then shown once. */
function useAddEndpoint(o: { reload: () => Promise<boolean>; onStart: () => void; onAdded: (secret: EndpointSecret) => void }) {
  const [url, setUrl] = useState('')
  const [urlError, setUrlError] = useState<string | null>(null)
  const [formError, setFormError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)

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
    o.onStart()
    try {
      const r = await post<{ endpoint: Endpoint; secret: string }>('/webhooks', { url: url.trim() })
      o.onAdded({ url: r.endpoint.url, secret: r.secret })
      setUrl('')
      o.reload()
    } catch (err) {
      const field = err instanceof ApiError ? err.errors.find((f) => f.field == 'url') : undefined
      if (field) {
        setUrlError(err instanceof ApiError && err.detail ? `${t('errUrl')} (${err.detail})` : t('errUrl'))
        input.current?.focus()
      } else setFormError(err)
    }
    setBusy(false)
  }

  return { url, setUrl, urlError, formError, busy, input, add }
}

type EndpointActions = { onRotate: (ep: Endpoint) => void; onRemove: (ep: Endpoint) => void }

function EndpointsList(props: { state: Loaded<WebhooksData> } & EndpointActions) {
  return (
    <Load state={props.state}>
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
                <EndpointRow key={ep.id} ep={ep} onRotate={props.onRotate} onRemove={props.onRemove} />
              ))}
            </tbody>
          </TableRegion>
        )
      }
    </Load>
  )
}

function EndpointRow(props: { ep: Endpoint } & EndpointActions) {
  const { ep } = props
  return (
    <tr>
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
        {ep.disabledAt ? <span class="badge off">{t('disabledOn', { date: dateTime(ep.disabledAt) })}</span> : <span class="badge on">{t('active')}</span>}
      </td>
      <td>
        {/* An endpoint from the server's settings (an environment variable) is changed there, not here. */}
        {!ep.disabledAt && !ep.name && (
          <div class="buttons">
            <button type="button" class="small" aria-label={t('rotateLabel', { url: ep.url })} onClick={() => props.onRotate(ep)}>
              {t('rotate')}
            </button>
            <button type="button" class="danger small" aria-label={t('removeLabel', { url: ep.url })} onClick={() => props.onRemove(ep)}>
              {t('remove')}
            </button>
          </div>
        )}
      </td>
    </tr>
  )
}

function AddEndpointForm(props: { adding: ReturnType<typeof useAddEndpoint> }) {
  const { url, setUrl, urlError, formError, busy, input, add } = props.adding
  return (
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
  )
}
