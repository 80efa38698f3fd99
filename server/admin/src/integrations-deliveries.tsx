/**
 * Webhooks and keys → deliveries: the latest events sent to the endpoints, their state and last result,
 * and a retry of one that is not pending (unless its endpoint is disabled).
 */
import { useState } from 'preact/hooks'
import { post, type Delivery, type Endpoint } from './api.ts'
import { dateTime } from './format.ts'
import { hasKey } from './i18n.ts'
import { t } from './state.ts'
import { ErrorLine, Load, type Loaded, TableRegion } from './ui.tsx'

function deliveryState(d: Delivery) {
  const key = d.state == 'pending' && d.attempts > 0 ? 'state_retrying' : 'state_' + d.state
  return hasKey(key) ? t(key) : d.state
}

/** Sends a delivery again; the outcome goes to the webhooks' status line, or its error above the deliveries. */
export function useRetry(o: { reload: () => Promise<boolean>; setMessage: (message: string | null) => void }) {
  const [retryError, setRetryError] = useState<unknown>(null)

  const retry = async (d: Delivery) => {
    setRetryError(null)
    o.setMessage(null)
    try {
      await post(`/deliveries/${encodeURIComponent(d.id)}/retry`)
      o.setMessage(t('retried'))
      o.reload()
    } catch (err) {
      setRetryError(err)
    }
  }

  return { retryError, retry }
}

export function DeliveriesSection(props: {
  state: Loaded<{ endpoints: Endpoint[]; deliveries: Delivery[] }>
  retryError: unknown
  onRetry: (d: Delivery) => void
}) {
  const { retryError } = props
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t('deliveriesTitle')}</h2>
      {retryError ? <ErrorLine error={retryError} /> : null}
      <Load state={props.state}>
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
                {deliveries.map((d) => (
                  <DeliveryRow key={d.id} d={d} endpoint={endpoints.find((ep) => ep.id == d.endpointId)} onRetry={props.onRetry} />
                ))}
              </tbody>
            </TableRegion>
          )
        }
      </Load>
    </section>
  )
}

/** One delivery; its endpoint is undefined when it is no longer listed (its id shows instead). */
function DeliveryRow(props: { d: Delivery; endpoint: Endpoint | undefined; onRetry: (d: Delivery) => void }) {
  const { d, endpoint } = props
  return (
    <tr>
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
          <button type="button" class="small" aria-label={t('retryLabel', { type: d.type, date: dateTime(d.createdAt) })} onClick={() => props.onRetry(d)}>
            {t('retry_')}
          </button>
        )}
      </td>
    </tr>
  )
}
