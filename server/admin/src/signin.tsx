/** The sign-in page: one password field; a wrong password and the lock-out say what to do. */
import { useRef, useState } from 'preact/hooks'
import { ApiError, signIn } from './api.ts'
import { session, signInNotice, t } from './state.ts'
import { errorMessage, Status } from './ui.tsx'

export function SignInPage() {
  const [password, setPassword] = useState('')
  /** The latest attempt's error, and a count so the same message is announced again. */
  const [error, setError] = useState<{ text: string; n: number } | null>(null)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  const fail = (text: string) => {
    setError((e) => ({ text, n: (e?.n ?? 0) + 1 }))
    input.current?.focus()
    input.current?.select()
  }

  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    if (!password) return fail(t('errPasswordRequired'))
    setBusy(true)
    try {
      const s = await signIn(password)
      signInNotice.value = null
      session.value = s
    } catch (e) {
      setBusy(false)
      if (e instanceof ApiError && e.code == 'rate_limited') fail(t('errLocked', { seconds: Math.max(1, Math.ceil(e.retryAfter ?? 60)) }))
      else fail(e instanceof ApiError && e.status == 401 ? t('errWrongPassword') : errorMessage(e))
    }
  }

  return (
    <div class="signin">
      <h1 tabIndex={-1}>{t('signInTitle')}</h1>
      <Status message={signInNotice.value && t(signInNotice.value)} />
      <p>{t('signInIntro')}</p>
      <form onSubmit={submit} noValidate class="stack">
        {/* For password managers: the console has one user. */}
        <input type="text" name="username" autocomplete="username" value="admin" readOnly hidden />
        <div class={error ? 'field invalid' : 'field'}>
          <label for="password">{t('password')}</label>
          <input
            ref={input}
            id="password"
            type="password"
            name="password"
            autocomplete="current-password"
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'password-error' : undefined}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <div role="alert" id="password-error">
            {error && (
              <p key={error.n} class="field-error">
                {error.text}
              </p>
            )}
          </div>
        </div>
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </div>
  )
}
