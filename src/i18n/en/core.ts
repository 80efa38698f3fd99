/**
 * English strings of the UI bundle (panel shell, home, errors). The
 * secondary views' strings travel with them (./views.ts). Together they are
 * the reference pack, src/i18n/locales/en.ts.
 */
const core = {
  launcherMember: '{launcher}, {points}',
  title: 'Rewards',
  close: 'Close',
  back: 'Back',
  points: { one: '# point', other: '# points' },
  loading: 'Loading…',
  retry: 'Try again',
  updated: 'Offline — last updated {time}',

  // home
  joinBonus: 'Get {points} when you join',
  joinPitch: 'Earn points on every order and turn them into rewards.',
  join: 'Join now',
  signInHint: 'Already a member? Sign in to your store account to see your points.',
  hello: 'Hi, {name}',
  helloNoName: 'Welcome back',
  balance: 'Your balance',
  tier: '{tier} member',
  toNextTier: '{points} to {tier}',
  topTier: 'You have reached the top tier',
  welcome: 'Welcome! {points} are yours.',
  canRedeem: 'You can redeem: {reward}',
  moreFor: { one: '# more point for {reward}', other: '# more points for {reward}' },
  moreForMoney: { one: '# more point for {reward} — about {money} of shopping', other: '# more points for {reward} — about {money} of shopping' },
  campaign: '{name} — until {date}',
  expiring: { one: '# point expires on {date}', other: '# points expire on {date}' },
  invited: 'A friend invited you: {offer} when you join.',

  // navigation (view names)
  earn: 'Ways to earn',
  rewards: 'Rewards',
  offers: 'Member offers',
  badges: 'Badges',
  referral: 'Refer a friend',
  activity: 'Activity',
  tiers: 'Tiers',
  profile: 'Your profile',

  // errors, by code: what happened and what to do
  err_email_taken: 'This email is already a member. Sign in to your store account to see your points.',
  err_rate_limited: 'Too many attempts. Try again in {seconds} s.',
  err_network_error: 'We could not reach the rewards service. Check your connection and try again.',
  err_timeout: 'The rewards service is taking too long. Try again in a moment.',
  err_unauthorized: 'Your session has ended. Sign in again to see your points.',
  err_invalid_request: 'Something in the form is not right. Check the fields and try again.',
  err_default: 'Something went wrong on our side. Your points are safe — try again.',
}

export default core
