/**
 * English, the reference pack: every other pack must have exactly these keys
 * (a test checks). `{name}` is replaced; an object is chosen by Intl.PluralRules
 * on `count` (`#` stands for the formatted count).
 */
const en = {
  launcher: 'Rewards',
  launcherMember: 'Rewards, {points}',
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
  invited: 'A friend invited you: {offer} when you join.',

  // navigation (view names)
  earn: 'Ways to earn',
  rewards: 'Rewards',
  referral: 'Refer a friend',
  activity: 'Activity',
  tiers: 'Tiers',

  // earn
  perEuro: '{points} per {money} spent',
  tierBoost: 'Your {tier} tier gives ×{n} on orders',
  claim: 'Claim {points}',
  follow: 'Follow and claim {points}',
  done: 'Done',
  joinToClaim: 'Join to claim',
  claimed: '+{points} — thank you!',
  needBirthday: 'Add your birthday when you join to get this',

  // rewards
  worthOff: '{value} off',
  redeem: 'Redeem',
  needMore: { one: '# more point', other: '# more points' },
  confirm: 'Redeem {reward} for {points}?',
  confirmYes: 'Yes, redeem',
  cancel: 'Cancel',
  redeeming: 'Redeeming…',
  yourCode: 'Your code for {reward}',
  thanks: 'Thank you! Your {points} went to the charity.',
  copy: 'Copy',
  copied: 'Copied',
  copyCode: 'Copy code {code}',
  coupons: 'Your coupons',
  noCoupons: 'No coupons yet. Redeem a reward to get one.',
  joinToRedeem: 'Join to redeem rewards',

  // referral
  referralPitch: 'Your friend gets {offer}. You get {points} when they make their first purchase.',
  yourLink: 'Your referral link',
  copyLink: 'Copy link',
  share: 'Share',
  shareText: 'Join {program} and get {offer}:',
  friendsJoined: { one: '# friend joined', other: '# friends joined' },
  pointsEarned: '{points} earned from referrals',
  joinToRefer: 'Join to get your referral link',

  // activity
  noActivity: 'No activity yet.',
  loadMore: 'Load more',

  // tiers
  tierFrom: 'From {points} lifetime',
  tierMultiplier: '×{n} points on orders',
  yourTier: 'Your tier',

  // signup
  email: 'Email',
  name: 'Name (optional)',
  birthday: 'Birthday (optional)',
  terms: 'I agree to the {terms}',
  termsLink: 'program terms',
  marketing: 'Send me news and offers by email (optional)',
  submit: 'Join',
  submitting: 'Joining…',
  errEmail: 'Enter an email address like name@example.com',
  errTerms: 'Please accept the program terms to join',
  errBirthday: 'Enter a date in the past',

  // errors, by code: what happened and what to do
  err_email_taken: 'This email is already a member. Sign in to your store account to see your points.',
  err_insufficient_points: 'You do not have enough points for this reward yet.',
  err_reward_unavailable: 'This reward is no longer available. Choose another one.',
  err_already_claimed: 'You have already claimed this.',
  err_rate_limited: 'Too many attempts. Try again in {seconds} s.',
  err_network_error: 'We could not reach the rewards service. Check your connection and try again.',
  err_timeout: 'The rewards service is taking too long. Try again in a moment.',
  err_unauthorized: 'Your session has ended. Sign in again to see your points.',
  err_invalid_request: 'Something in the form is not right. Check the fields and try again.',
  err_default: 'Something went wrong on our side. Your points are safe — try again.',
}

export type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : Record<string, string> }
export default en as Messages
