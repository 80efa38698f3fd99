import { useContext } from 'preact/hooks'
import { safeUrl } from '../../core/url.ts'
import { UiContext } from '../context.ts'
import { Code } from './rewards.tsx'

/** The member's referral link with copy and native share, what both sides get, and how it went. */
export function Referral() {
  const ui = useContext(UiContext)
  const { t, points } = ui.i18n.value
  const program = ui.client.state.program.value!
  const member = ui.client.state.member.value
  const offer = program.referral.friend.description
  const url = member && safeUrl(member.referral.url)
  return (
    <>
      <p>{t('referralPitch', { offer, points: points(program.referral.advocatePoints) })}</p>
      {!member || !url ? (
        <button type="button" class="btn w" part="button" onClick={() => ui.open('signup')}>
          {t('joinToRefer')}
        </button>
      ) : (
        <>
          <h3>{t('yourLink')}</h3>
          <Code code={url} label={t('copyLink')} onCopy={() => ui.emit('referral-copy', { url })} />
          {typeof navigator.share == 'function' && (
            <button
              type="button"
              class="btn w"
              part="button"
              onClick={() =>
                navigator.share({ url, text: t('shareText', { program: program.name, offer }) }).then(
                  () => ui.emit('referral-share', { url, channel: 'native' }),
                  () => {},
                )
              }
            >
              {t('share')}
            </button>
          )}
          <div class="card stats">
            <p>{t('friendsJoined', { count: member.referral.friendsJoined })}</p>
            <p>{t('pointsEarned', { points: points(member.referral.pointsEarned) })}</p>
          </div>
        </>
      )}
    </>
  )
}
