import { useContext } from 'preact/hooks'
import { UiContext, errorText } from '../context.ts'
import { useAction } from '../use-action.ts'
import { actionsOf } from './actions.ts'

/**
 * The member's consent to marketing email (in the member's profile): a checkbox
 * that saves on change. While saving it shows the choice being made, says "Saving…" and takes no other
 * change (it stays focusable: aria-disabled, not disabled); a failure says why, tied to the checkbox,
 * and it shows the recorded choice again.
 */
export function Consent() {
  const ui = useContext(UiContext)
  const { t } = ui.i18n.value
  const member = ui.client.state.member.value
  const save = useAction((marketing: boolean, key) =>
    actionsOf(ui.client)
      .setConsent(marketing, key)
      .then(() => ui.announce(t('saved'))),
  )
  if (!member) return null
  // JSON of the choice being saved ("true"/"false"), or null.
  const pending = save.pending.value
  const error = save.error()
  return (
    <div class="cs">
      <label class="ck">
        <input
          type="checkbox"
          name="marketing"
          checked={pending ? pending == 'true' : member.marketing}
          aria-disabled={pending ? 'true' : undefined}
          aria-describedby={error ? 'lk-cs-err' : undefined}
          onClick={(e) => pending && e.preventDefault()}
          onChange={(e) => save.go((e.target as HTMLInputElement).checked)}
        />
        <span>{t('emailOffers')}</span>
      </label>
      {pending && <p class="m">{t('saving')}</p>}
      {error && (
        <p class="err" role="alert" id="lk-cs-err">
          {errorText(ui.i18n.value, error)}
        </p>
      )}
    </div>
  )
}
