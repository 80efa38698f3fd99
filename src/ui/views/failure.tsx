import { useContext } from 'preact/hooks'
import type { LoyaltyError } from '../../core/errors.ts'
import { UiContext, errorText } from '../context.ts'

/** What went wrong with a view's action (a claim, a redeem, a save), in words, as an alert; nothing when all is well. */
export function Failure({ error }: { error: LoyaltyError | null }) {
  const { i18n } = useContext(UiContext)
  return (
    error && (
      <p class="alert" role="alert">
        {errorText(i18n.value, error)}
      </p>
    )
  )
}
