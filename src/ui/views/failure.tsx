import { useContext } from 'preact/hooks'
import type { LoyaltyError } from '../../core/errors.ts'
import { UiContext, errorText } from '../context.ts'

/**
 * What went wrong with a view's action (a claim, a redeem, a save), in words, as an alert; nothing when
 * all is well. `id`: for a form that names it as its description.
 */
export function Failure({ error, id }: { error: LoyaltyError | null; id?: string }) {
  const { i18n } = useContext(UiContext)
  return (
    error && (
      <p class="alert" role="alert" id={id}>
        {errorText(i18n.value, error)}
      </p>
    )
  )
}
