import { useContext } from 'preact/hooks'
import type { LoyaltyError } from '../core/errors.ts'
import { UiContext, errorText } from './context.ts'

/**
 * Placeholders in the shape of what is coming (home's card and its way around, or `rows` of a list:
 * an icon, then text), of fixed height, so content arriving does not move the layout much.
 */
export function Skeleton({ rows }: { rows?: number }) {
  const { i18n } = useContext(UiContext)
  return (
    <div aria-busy="true">
      <span class="sr">{i18n.value.t('loading')}</span>
      {!rows && <div class="sk h" />}
      <div class={rows ? '' : 'nav'}>
        {Array.from({ length: rows || 4 }, (_, i) => (
          <div key={i} class="sk r" />
        ))}
      </div>
    </div>
  )
}

/** What went wrong, in words, and a way out. */
export function ErrorState({ error, retry }: { error: LoyaltyError | null; retry: () => void }) {
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

/** Icons are strokes of the text colour (styles.ts, `.ic svg`): a path of a few points each. */
export const Icon = ({ d }: { d: string }) => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
)
