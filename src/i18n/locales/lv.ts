import type { Messages } from './en.ts'

/**
 * Latvian. Points: zero `# punktu` (0, 10–20, 30…), one `# punkts` (1, 21, 31…),
 * other `# punkti`. `{points}` is a nominative phrase, so it stands where
 * nominative reads right (labels, "Jums ir …", after a colon). So is `{date}`
 * ("2025. gada 5. marts"): it follows a colon, not a bare "līdz {date}".
 */
const lv: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Atlīdzības',
  close: 'Aizvērt',
  back: 'Atpakaļ',
  points: { zero: '# punktu', one: '# punkts', other: '# punkti' },
  loading: 'Ielādē…',
  retry: 'Mēģināt vēlreiz',
  updated: 'Bezsaistē, atjaunināts: {time}',

  // home
  joinBonus: '{points} par pievienošanos',
  joinPitch: 'Krājiet punktus un apmainiet tos pret atlīdzībām.',
  join: 'Pievienoties',
  signInHint: 'Jau dalībnieks? Piesakieties veikala kontā.',
  hello: 'Sveiki, {name}',
  helloNoName: 'Sveiki atkal!',
  balance: 'Punktu atlikums',
  tier: 'Līmenis: {tier}',
  toNextTier: '{points} līdz līmenim {tier}',
  topTier: 'Sasniegts augstākais līmenis',
  welcome: 'Laipni lūdzam! Jums ir {points}.',
  canRedeem: 'Pieejams: {reward}',
  moreFor: { zero: '{reward}: vēl # punktu', one: '{reward}: vēl # punkts', other: '{reward}: vēl # punkti' },
  moreForMoney: {
    zero: '{reward}: vēl # punktu — pirkumi par aptuveni {money}',
    one: '{reward}: vēl # punkts — pirkumi par aptuveni {money}',
    other: '{reward}: vēl # punkti — pirkumi par aptuveni {money}',
  },
  campaign: '{name} — termiņš: {date}',
  expiring: { zero: '# punktu derīguma termiņš: {date}', one: '# punkta derīguma termiņš: {date}', other: '# punktu derīguma termiņš: {date}' },
  invited: 'Drauga dāvana par pievienošanos: {offer}.',

  // navigation (view names)
  earn: 'Krāt punktus',
  rewards: 'Atlīdzības',
  offers: 'Piedāvājumi dalībniekiem',
  badges: 'Nozīmītes',
  referral: 'Ieteikt draugam',
  activity: 'Vēsture',
  tiers: 'Līmeņi',
  profile: 'Jūsu profils',

  // errors, by code: what happened and what to do
  err_email_taken: 'E-pasts jau reģistrēts. Piesakieties veikala kontā.',
  err_rate_limited: 'Pārāk bieži. Mēģiniet pēc {seconds} s.',
  err_network_error: 'Nav savienojuma. Pārbaudiet internetu.',
  err_timeout: 'Serviss neatbild. Mēģiniet vēlāk.',
  err_unauthorized: 'Sesija beigusies. Piesakieties vēlreiz.',
  err_invalid_request: 'Pārbaudiet formas laukus.',
  err_default: 'Radās kļūda. Punkti ir drošībā — mēģiniet vēlreiz.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'E-pasts',
  name: 'Vārds (nav obligāts)',
  birthday: 'Dzimšanas diena (nav obligāta)',
  terms: 'Piekrītu {terms}',
  termsLink: 'programmas noteikumiem',
  marketing: 'Vēlos saņemt jaunumus un piedāvājumus e-pastā (nav obligāti)',
  refCode: 'Ieteikuma kods (nav obligāts)',
  submit: 'Pievienoties',
  submitting: 'Pievienošanās…',
  errEmail: 'Ievadiet e-pastu, piem., vards@example.com',
  errTerms: 'Piekrītiet programmas noteikumiem',
  errBirthday: 'Ievadiet pagātnes datumu',

  // earn
  perEuro: '{points} par katru {money}',
  tierBoost: 'Līmenis {tier}: punkti ×{n}',
  claim: 'Saņemt: {points}',
  follow: 'Sekot: +{points}',
  done: 'Izpildīts',
  joinToClaim: 'Pievienojieties, lai saņemtu',
  claimed: '+{points} — paldies!',

  // rewards
  worthOff: '{value} atlaide',
  redeem: 'Apmainīt',
  needMore: { zero: 'Vēl # punktu', one: 'Vēl # punkts', other: 'Vēl # punkti' },
  confirm: '{reward} — {points}. Apmainīt?',
  confirmYes: 'Jā, apmainīt',
  cancel: 'Atcelt',
  redeeming: 'Apmaina…',
  yourCode: '{reward}: jūsu kods',
  thanks: 'Paldies! Ziedots labdarībai: {points}.',
  copy: 'Kopēt',
  copied: 'Nokopēts',
  copyFailed: 'Neizdevās nokopēt',
  copyCode: 'Kopēt kodu {code}',
  coupons: 'Kuponi',
  noCoupons: 'Kuponu vēl nav.',
  validUntil: 'Derīgs līdz: {date}',
  used: 'Izmantots',
  expired: 'Termiņš beidzies',
  joinToRedeem: 'Pievienojieties, lai saņemtu atlīdzības',

  // marketing consent (a member's home)
  emailOffers: 'Vēlos saņemt jaunumus un piedāvājumus e-pastā',
  saving: 'Saglabā…',
  saved: 'Saglabāts',

  // referral
  referralPitch: 'Draugam: {offer}. Jums: {points} pēc drauga pirmā pirkuma.',
  yourLink: 'Ieteikuma saite',
  copyLink: 'Kopēt saiti',
  share: 'Kopīgot',
  shareText: 'Pievienojies programmai {program}! Tev — {offer}:',
  friendsJoined: { zero: '# draugu pievienojās', one: '# draugs pievienojās', other: '# draugi pievienojās' },
  pointsEarned: 'Par ieteikumiem: {points}',
  joinToRefer: 'Pievienojieties, lai saņemtu saiti',

  // activity
  noActivity: 'Ierakstu vēl nav.',
  loadMore: 'Rādīt vairāk',

  // tiers
  tierFrom: 'Nepieciešams kopā: {points}',
  tierMultiplier: 'Punkti ×{n}',
  yourTier: 'Jūsu līmenis',

  // offers
  offersNone: 'Pašlaik piedāvājumu nav. Jaunie parādīsies šeit.',
  offerFrom: 'Derīgs no: {date}',
  offerUntil: 'Derīgs līdz: {date}',
  offerLocked: 'Pieejams no līmeņa {tier}',
  joinToUnlock: 'Pievienojieties, lai atbloķētu',
  shopOffer: 'Iepirkties: {offer}',

  // badges
  badgesNone: 'Nozīmīšu vēl nav.',
  badgesCount: 'Iegūtās nozīmītes: {n} no {total}',
  badgeEarned: 'Iegūta: {date}',
  badge_orders: { zero: 'Veiciet # pasūtījumu', one: 'Veiciet # pasūtījumu', other: 'Veiciet # pasūtījumus' },
  badge_referrals: {
    zero: 'Uzaiciniet # draugu, kas veic pirkumu',
    one: 'Uzaiciniet # draugu, kas veic pirkumu',
    other: 'Uzaiciniet # draugus, kas veic pirkumu',
  },
  badge_birthday: 'Norādiet dzimšanas dienu',
  badge_member_years: { zero: 'Piedalieties programmā # gadu', one: 'Piedalieties programmā # gadu', other: 'Piedalieties programmā # gadus' },
  badge_lifetime_points: 'Sakrājiet kopā: {points}',
  badge_tier: 'Sasniedziet līmeni {tier}',

  // punch card (ways to earn)
  punchEvery: { zero: 'Par katriem # pasūtījumiem: {what}', one: 'Par katru # pasūtījumu: {what}', other: 'Par katriem # pasūtījumiem: {what}' },
  punchCount: 'Pasūtījumi: {n} no {every}',

  // profile
  profileName: 'Vārds',
  profileBirthday: 'Dzimšanas diena',
  birthdayOnce: 'Dzimšanas dienu var mainīt reizi gadā.',
  save: 'Saglabāt',
  errOnceAYear: 'Dzimšanas diena mainīta pirms mazāk nekā gada.',
  errName: 'Ievadiet vārdu līdz 100 rakstzīmēm.',
  termsTitle: 'Programmas noteikumi',
  privacy: 'Privātuma politika',
  yourData: 'Jūsu dati',
  download: 'Lejupielādēt manus datus',
  deleteAccount: 'Dzēst manu kontu',
  deleteConfirm: 'Dzēst kontu? Punkti un kuponi zudīs. To nevarēs atsaukt.',
  deleteYes: 'Jā, dzēst kontu',
  deleted: 'Jūsu konts ir dzēsts.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Vēl nepietiek punktu.',
  err_reward_unavailable: 'Atlīdzība vairs nav pieejama. Izvēlieties citu.',
  err_already_claimed: 'Tas jau ir saņemts.',
}

export default lv
