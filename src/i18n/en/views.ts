/** English strings of the secondary views, shipped in loyalkit-views.js with them. */
const views = {
  // signup
  email: 'Email',
  name: 'Name (optional)',
  birthday: 'Birthday (optional)',
  terms: 'I agree to the {terms}',
  termsLink: 'program terms',
  marketing: 'Send me news and offers by email (optional)',
  refCode: 'Referral code (optional)',
  submit: 'Join',
  submitting: 'Joining…',
  errEmail: 'Enter an email address like name@example.com',
  errTerms: 'Please accept the program terms to join',
  errBirthday: 'Enter a date in the past',

  // earn
  perEuro: '{points} per {money} spent',
  tierBoost: 'Your {tier} tier gives ×{n} on orders',
  claim: 'Claim {points}',
  follow: 'Follow and claim {points}',
  done: 'Done',
  joinToClaim: 'Join to claim',
  claimed: '+{points} — thank you!',

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
  copyFailed: 'Could not copy',
  copyCode: 'Copy code {code}',
  coupons: 'Your coupons',
  noCoupons: 'No coupons yet. Redeem a reward to get one.',
  validUntil: 'Valid until {date}',
  used: 'Used',
  expired: 'Expired',
  joinToRedeem: 'Join to redeem rewards',

  // marketing consent (a member's home)
  emailOffers: 'Send me news and offers by email',
  saving: 'Saving…',
  saved: 'Saved',

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

  // offers
  offersNone: 'No member offers right now. New ones will show here.',
  offerFrom: 'From {date}',
  offerUntil: 'Until {date}',
  offerLocked: 'Reach {tier} to unlock',
  joinToUnlock: 'Join to unlock',
  shopOffer: 'Shop {offer}',

  // badges
  badgesNone: 'No badges in this program yet.',
  badgesCount: '{n} of {total} earned',
  badgeEarned: 'Earned {date}',
  badge_orders: { one: 'Place your first order', other: 'Place # orders' },
  badge_referrals: { one: 'Invite a friend who orders', other: 'Invite # friends who order' },
  badge_birthday: 'Add your birthday',
  badge_member_years: { one: 'Be a member for a year', other: 'Be a member for # years' },
  badge_lifetime_points: 'Earn {points} in all',
  badge_tier: 'Reach {tier}',

  // punch card (ways to earn)
  punchEvery: { one: 'Every order earns {what}', other: 'Every # orders earn {what}' },
  punchCount: '{n} of {every} orders',

  // profile
  profileName: 'Name',
  profileBirthday: 'Birthday',
  birthdayOnce: 'You can change your birthday once a year.',
  save: 'Save',
  errOnceAYear: 'Your birthday was changed less than a year ago.',
  errName: 'Enter a name of up to 100 characters.',
  termsTitle: 'Program terms',
  privacy: 'Privacy policy',
  yourData: 'Your data',
  download: 'Download my data',
  deleteAccount: 'Delete my account',
  deleteConfirm: 'Delete your account? Your points and coupons will be gone. This cannot be undone.',
  deleteYes: 'Yes, delete my account',
  deleted: 'Your account was deleted.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'You do not have enough points for this reward yet.',
  err_reward_unavailable: 'This reward is no longer available. Choose another one.',
  err_already_claimed: 'You have already claimed this.',
}

export default views
