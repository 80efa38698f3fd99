import { useContext } from 'preact/hooks'
import type { LoyaltyError } from '../core/errors.ts'
import { UiContext, errorText } from './context.ts'

/** Placeholder lines of fixed height, so content arriving does not move the layout. */
export function Skeleton({ lines = 4 }: { lines?: number }) {
  const { i18n } = useContext(UiContext)
  return (
    <div aria-busy="true">
      <span class="sr">{i18n.value.t('loading')}</span>
      <div class="sk h" />
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} class="sk" />
      ))}
    </div>
  )
}

/** What went wrong, in words, and a way out. */
export function ErrorState({ error, retry }: { error: LoyaltyError; retry: () => void }) {
  const { i18n } = useContext(UiContext)
  return (
    <div class="alert" role="alert">
      <p>{errorText(i18n.value, error)}</p>
      <button type="button" class="btn sec" onClick={retry}>
        {i18n.value.t('retry')}
      </button>
    </div>
  )
}

export function CloseIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path d="M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 0 0-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4Z" />
    </svg>
  )
}
