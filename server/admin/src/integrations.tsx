/**
 * Webhooks and keys: the store's API keys (create: the secret shown once; revoke,
 * confirmed), the webhook endpoints (add and rotate: the secret shown once; delete,
 * confirmed) and the latest deliveries (retry).
 */
import { Keys } from './integrations-keys.tsx'
import { Webhooks } from './integrations-webhooks.tsx'
import { t } from './state.ts'

export function IntegrationsPage() {
  return (
    <>
      <h1 tabIndex={-1}>{t('integrationsTitle')}</h1>
      <Keys />
      <Webhooks />
    </>
  )
}
