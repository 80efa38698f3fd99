import { useSignal } from '@preact/signals'
import { useContext } from 'preact/hooks'
import type { Member, ProfileInput } from '../../core/contract.ts'
import { safeUrl } from '../../core/url.ts'
import { UiContext, errorText, type Ui } from '../context.ts'
import { focusSoon } from '../focus.ts'
import { useAction } from '../use-action.ts'
import { actionsOf } from './actions.ts'
import { Consent } from './consent.tsx'
import { TextField } from './field.tsx'

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
          <ProfileForm ui={ui} member={member} />
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

/** Name and birthday; only what changed is sent, and the server's field errors land on their fields. */
function ProfileForm({ ui, member }: { ui: Ui; member: Member }) {
  const { t } = ui.i18n.value
  const name = useSignal(member.name ?? '')
  const birthday = useSignal(member.birthday ?? '')
  const done = useSignal(false)
  const save = useAction((input: ProfileInput, key) =>
    actionsOf(ui.client)
      .updateProfile(input, key)
      .then(() => {
        done.value = true
        ui.announce(t('saved'))
      }),
  )
  const error = save.error.value
  const fieldError = (field: string) => {
    const code = error?.fields.find((f) => f.field == field)?.code
    return code && t(FIELD_TEXT[code] ?? (field == 'birthday' ? 'errBirthday' : 'errName'))
  }
  const future = birthday.value && !(new Date(birthday.value) < new Date())
  const submit = (e: Event) => {
    e.preventDefault()
    done.value = false
    if (future) return focusSoon(ui.root, 'lk-birthday')
    const input: ProfileInput = {}
    if (name.value.trim() != (member.name ?? '')) input.name = name.value.trim() || null
    if (birthday.value != (member.birthday ?? '')) input.birthday = birthday.value || null
    save.go(input)
  }
  return (
    <form onSubmit={submit} noValidate>
      {error && !error.fields.length && (
        <p class="alert" role="alert">
          {errorText(ui.i18n.value, error)}
        </p>
      )}
      <TextField name="name" label={t('profileName')} value={name.value} error={fieldError('name')} onInput={(v) => (name.value = v)} autocomplete="name" />
      <TextField
        name="birthday"
        type="date"
        label={t('profileBirthday')}
        value={birthday.value}
        error={future ? t('errBirthday') : fieldError('birthday')}
        onInput={(v) => (birthday.value = v)}
        autocomplete="bday"
      />
      <p class="m">{t('birthdayOnce')}</p>
      <button type="submit" class="btn" part="button" disabled={!!save.pending.value}>
        {save.pending.value ? t('saving') : t('save')}
      </button>
      {done.value && (
        <span class="ok" role="status">
          {' ✓ ' + t('saved')}
        </span>
      )}
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

/** A copy of everything held about the member, as a JSON file; and deleting the account, once confirmed. */
function YourData({ ui }: { ui: Ui }) {
  const { t } = ui.i18n.value
  const asking = useSignal(false)
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
  const erase = useAction((_: 1, key) =>
    actionsOf(ui.client)
      .erase(key)
      .then(() => {
        ui.announce(t('deleted'))
        ui.view.value = 'home'
      }),
  )
  const error = download.error.value ?? erase.error.value
  return (
    <>
      <h3>{t('yourData')}</h3>
      {error && (
        <p class="alert" role="alert">
          {errorText(ui.i18n.value, error)}
        </p>
      )}
      <button type="button" class="btn sec w" part="button" disabled={!!download.pending.value} onClick={() => download.go(0)}>
        {t('download')}
      </button>
      {asking.value ? (
        <div class="confirm">
          <p>{t('deleteConfirm')}</p>
          <button type="button" class="btn danger" part="button" disabled={!!erase.pending.value} onClick={() => erase.go(1)}>
            {t('deleteYes')}
          </button>{' '}
          <button
            type="button"
            class="btn sec"
            part="button"
            id="lk-del-no"
            onClick={() => {
              asking.value = false
              focusSoon(ui.root, 'lk-del')
            }}
          >
            {t('cancel')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          class="btn sec w"
          part="button"
          id="lk-del"
          onClick={() => {
            asking.value = true
            focusSoon(ui.root, 'lk-del-no')
          }}
        >
          {t('deleteAccount')}
        </button>
      )}
    </>
  )
}
