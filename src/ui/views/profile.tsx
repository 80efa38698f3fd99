import { useSignal } from '@preact/signals'
import { useContext } from 'preact/hooks'
import type { Member, ProfileInput } from '../../core/contract.ts'
import { safeUrl } from '../../core/url.ts'
import { UiContext, type Ui } from '../context.ts'
import { focusSoon } from '../focus.ts'
import { useAction } from '../use-action.ts'
import { actionsOf } from './actions.ts'
import { Failure } from './failure.tsx'
import { Consent } from './consent.tsx'
import { TextField, toField } from './field.tsx'

/**
 * What the member controls: name and birthday, marketing consent, the program's terms and privacy
 * policy, a copy of their data, and deleting the account. Guests see the terms and the way to join.
 */
export function Profile() {
  const ui = useContext(UiContext)
  const { t } = ui.i18n.value
  const member = ui.client.state.member.value
  return (
    <>
      {member ? (
        <>
          {/* One form per member: another shopper's fields must not carry over. */}
          <ProfileForm key={member.id} ui={ui} member={member} />
          <Consent />
        </>
      ) : (
        <button type="button" class="btn w" part="button" onClick={() => ui.open('signup')}>
          {t('join')}
        </button>
      )}
      <Policies ui={ui} />
      {member && <YourData ui={ui} />}
    </>
  )
}

/** The server's field error codes, in words. */
const FIELD_TEXT: Record<string, 'errOnceAYear' | 'errBirthday' | 'errName'> = { once_a_year: 'errOnceAYear', future: 'errBirthday' }
const textOf = (t: Ui['i18n']['value']['t'], field: string, code: string) => t(FIELD_TEXT[code] ?? (field == 'birthday' ? 'errBirthday' : 'errName'))

/** Saving the profile: the mark that it is saved, said once. */
const useSave = (ui: Ui, done: { value: boolean }) =>
  useAction((input: ProfileInput, key) =>
    actionsOf(ui.client)
      .updateProfile(input, key)
      .then(() => {
        done.value = true
        ui.announce(ui.i18n.value.t('saved'))
      }),
  )

/** Name and birthday; only what changed is sent, and the server's field errors land on their fields. */
function ProfileForm({ ui, member }: { ui: Ui; member: Member }) {
  const { t } = ui.i18n.value
  const name = useSignal(member.name ?? '')
  const birthday = useSignal(member.birthday ?? '')
  const done = useSignal(false)
  const save = useSave(ui, done)
  const error = save.error()
  const fieldError = (field: string) => {
    const code = error?.fields.find((f) => f.field == field)?.code
    return code && textOf(t, field, code)
  }
  const future = birthday.value && !(new Date(birthday.value) < new Date())
  const submit = (e: Event) => {
    e.preventDefault()
    done.value = false
    if (future) return toField(ui, ui.root.getElementById('lk-birthday'), t('errBirthday'))
    const input: ProfileInput = {}
    if (name.value.trim() != (member.name ?? '')) input.name = name.value.trim() || null
    if (birthday.value != (member.birthday ?? '')) input.birthday = birthday.value || null
    save.go(input).then(() => {
      // A field the server refused gets focus, so its message is read with it.
      const refused = save.error()?.fields[0]
      if (refused) setTimeout(() => toField(ui, ui.root.getElementById('lk-' + refused.field), textOf(t, refused.field, refused.code)))
    })
  }
  return (
    <form onSubmit={submit} noValidate>
      <Failure error={error && !error.fields.length ? error : null} />
      {/* An edit after "Saved" is not saved: the mark goes. */}
      <TextField
        name="name"
        label={t('profileName')}
        value={name.value}
        error={fieldError('name')}
        onInput={(v) => ((name.value = v), (done.value = false))}
        autocomplete="name"
      />
      <TextField
        name="birthday"
        type="date"
        label={t('profileBirthday')}
        value={birthday.value}
        error={future ? t('errBirthday') : fieldError('birthday')}
        hint={t('birthdayOnce')}
        onInput={(v) => ((birthday.value = v), (done.value = false))}
        autocomplete="bday"
      />
      <button type="submit" class="btn" part="button" aria-disabled={save.pending.value ? 'true' : undefined}>
        {save.pending.value ? t('saving') : t('save')}
      </button>
      {/* Said by the live region when it happens (not a second time by a status role here). */}
      {done.value && <span class="ok">{' ✓ ' + t('saved')}</span>}
    </form>
  )
}

/** The program's terms and privacy policy, when their addresses pass the URL check. */
function Policies({ ui }: { ui: Ui }) {
  const { t } = ui.i18n.value
  const program = ui.client.state.program.value!
  const links = [
    [program.termsUrl, t('termsTitle')],
    [program.privacyUrl, t('privacy')],
  ]
    .map(([url, text]) => [safeUrl(url), text])
    .filter(([url]) => url)
  return (
    <ul class="links">
      {links.map(([url, text]) => (
        <li key={url}>
          <a href={url!} target="_blank" rel="noopener noreferrer">
            {text}
          </a>
        </li>
      ))}
    </ul>
  )
}

/** A copy of everything held about the member, and deleting the account. */
function YourData({ ui }: { ui: Ui }) {
  return (
    <>
      <h3>{ui.i18n.value.t('yourData')}</h3>
      <Download ui={ui} />
      <DeleteAccount ui={ui} />
    </>
  )
}

/** The member's data as a JSON file, saved by the browser. */
function Download({ ui }: { ui: Ui }) {
  const { t } = ui.i18n.value
  const download = useAction((_: 0) =>
    actionsOf(ui.client)
      .exportData()
      .then((text) => {
        const a = document.createElement('a')
        a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
        a.download = 'loyalty-data.json'
        a.click()
        setTimeout(() => URL.revokeObjectURL(a.href), 1000)
      }),
  )
  return (
    <>
      <Failure error={download.error()} />
      <button type="button" class="btn sec w" part="button" aria-disabled={download.pending.value ? 'true' : undefined} onClick={() => download.go(0)}>
        {t('download')}
      </button>
    </>
  )
}

/** Deleting the account, once confirmed; the confirmation starts on its safe choice. */
function DeleteAccount({ ui }: { ui: Ui }) {
  const { t } = ui.i18n.value
  const asking = useSignal(false)
  const erase = useAction((_: 1, key) =>
    actionsOf(ui.client)
      .erase(key)
      .then(() => {
        ui.announce(t('deleted'))
        ui.view.value = 'home'
      }),
  )
  const ask = (yes: boolean) => {
    asking.value = yes
    focusSoon(ui.root, yes ? 'lk-del-no' : 'lk-del')
  }
  return (
    <>
      <Failure error={erase.error()} />
      {asking.value ? (
        <div class="confirm">
          <p id="lk-del-q">{t('deleteConfirm')}</p>
          {/* The question describes both answers: focus lands on Cancel, and it is read with it. */}
          <button
            type="button"
            class="btn danger"
            part="button"
            aria-describedby="lk-del-q"
            aria-disabled={erase.pending.value ? 'true' : undefined}
            onClick={() => erase.go(1)}
          >
            {t('deleteYes')}
          </button>{' '}
          <button type="button" class="btn sec" part="button" id="lk-del-no" aria-describedby="lk-del-q" onClick={() => ask(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <button type="button" class="btn sec w" part="button" id="lk-del" onClick={() => ask(true)}>
          {t('deleteAccount')}
        </button>
      )}
    </>
  )
}
