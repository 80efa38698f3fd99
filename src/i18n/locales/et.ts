import type { Messages } from './en.ts'

/**
 * Estonian. Points: one `# punkt` (only 1), other `# punkti`. `{points}` is a
 * nominative phrase: it stands as a label, after "on", after a colon, or as the
 * object of an imperative (where the nominative object is correct). So is
 * `{date}` ("5. märts 2025"): it follows a colon, not a bare "kuni {date}".
 */
const et: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Preemiad',
  close: 'Sulge',
  back: 'Tagasi',
  points: { one: '# punkt', other: '# punkti' },
  loading: 'Laadimine…',
  retry: 'Proovi uuesti',
  updated: 'Ühenduseta, uuendatud: {time}',

  // home
  joinBonus: 'Liituge ja saage {points}',
  joinPitch: 'Koguge punkte ja vahetage need preemiate vastu.',
  join: 'Liitu kohe',
  signInHint: 'Juba liige? Logige sisse oma poe kontole.',
  hello: 'Tere, {name}',
  helloNoName: 'Tere tulemast tagasi',
  balance: 'Teie punktisaldo',
  tier: 'Tase: {tier}',
  toNextTier: '{points} tasemeni {tier}',
  topTier: 'Teil on kõrgeim tase',
  welcome: 'Tere tulemast! Teil on {points}.',
  canRedeem: 'Saate lunastada: {reward}',
  moreFor: { one: '{reward}: veel # punkt', other: '{reward}: veel # punkti' },
  moreForMoney: { one: '{reward}: veel # punkt – umbes {money} eest oste', other: '{reward}: veel # punkti – umbes {money} eest oste' },
  campaign: '{name} – kehtib kuni: {date}',
  expiring: { one: '# punkt aegub: {date}', other: '# punkti aegub: {date}' },
  invited: 'Liitumisel kingitus sõbralt: {offer}.',

  // navigation (view names)
  earn: 'Teeni punkte',
  rewards: 'Preemiad',
  offers: 'Liikmepakkumised',
  badges: 'Märgid',
  referral: 'Soovita sõbrale',
  activity: 'Ajalugu',
  tiers: 'Tasemed',
  profile: 'Teie profiil',

  // errors, by code: what happened and what to do
  err_email_taken: 'Selle e-postiga on juba liitutud. Logige sisse oma poe kontole.',
  err_rate_limited: 'Liiga palju katseid. Proovige {seconds} s pärast.',
  err_network_error: 'Ühendus puudub. Kontrollige internetti.',
  err_timeout: 'Teenus ei vasta. Proovige hiljem uuesti.',
  err_unauthorized: 'Seanss on lõppenud. Logige uuesti sisse.',
  err_invalid_request: 'Kontrollige vormi välju.',
  err_default: 'Midagi läks valesti. Punktid on alles – proovige uuesti.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'E-post',
  name: 'Nimi (valikuline)',
  birthday: 'Sünnipäev (valikuline)',
  terms: 'Nõustun {terms}',
  termsLink: 'programmi tingimustega',
  marketing: 'Soovin uudiseid ja pakkumisi e-postiga (valikuline)',
  refCode: 'Soovituskood (valikuline)',
  submit: 'Liitu',
  submitting: 'Liitumine…',
  errEmail: 'Sisestage e-post, nt nimi@example.com',
  errTerms: 'Liitumiseks nõustuge programmi tingimustega',
  errBirthday: 'Kuupäev peab olema minevikus',

  // earn
  perEuro: '{points} iga kulutatud {money} eest',
  tierBoost: 'Tase {tier}: punktid ×{n}',
  claim: 'Saa {points}',
  follow: 'Jälgi ja saa {points}',
  done: 'Tehtud',
  joinToClaim: 'Liitu ja saa',
  claimed: '+{points} – aitäh!',

  // rewards
  worthOff: '{value} soodustust',
  redeem: 'Lunasta',
  needMore: { one: 'Veel # punkt', other: 'Veel # punkti' },
  confirm: 'Lunastada {reward}? Hind: {points}.',
  confirmYes: 'Jah, lunasta',
  cancel: 'Tühista',
  redeeming: 'Lunastamine…',
  yourCode: '{reward}: teie kood',
  thanks: 'Aitäh! Heategevusele annetatud: {points}.',
  copy: 'Kopeeri',
  copied: 'Kopeeritud',
  copyFailed: 'Kopeerimine ebaõnnestus',
  copyCode: 'Kopeeri kood {code}',
  coupons: 'Teie kupongid',
  noCoupons: 'Kuponge veel pole.',
  validUntil: 'Kehtib kuni: {date}',
  used: 'Kasutatud',
  expired: 'Aegunud',
  joinToRedeem: 'Liitu ja lunasta preemiaid',

  // marketing consent (a member's home)
  emailOffers: 'Soovin uudiseid ja pakkumisi e-postiga',
  saving: 'Salvestamine…',
  saved: 'Salvestatud',

  // referral
  referralPitch: 'Sõbrale: {offer}. Teile: {points} pärast tema esimest ostu.',
  yourLink: 'Teie soovituslink',
  copyLink: 'Kopeeri link',
  share: 'Jaga',
  shareText: 'Liitu programmiga {program} ja saa {offer}:',
  friendsJoined: { one: '# sõber liitus', other: '# sõpra liitus' },
  pointsEarned: 'Soovitustega teenitud: {points}',
  joinToRefer: 'Liitu ja saa soovituslink',

  // activity
  noActivity: 'Tegevusi veel pole.',
  loadMore: 'Näita rohkem',

  // tiers
  tierFrom: 'Vaja kokku: {points}',
  tierMultiplier: 'Punktid ×{n}',
  yourTier: 'Teie tase',

  // offers
  offersNone: 'Praegu pakkumisi pole. Uued ilmuvad siia.',
  offerFrom: 'Kehtib alates: {date}',
  offerUntil: 'Kehtib kuni: {date}',
  offerLocked: 'Saadaval alates tasemest {tier}',
  joinToUnlock: 'Liitu ja kasuta',
  shopOffer: 'Osta: {offer}',

  // badges
  badgesNone: 'Märke veel pole.',
  badgesCount: 'Teenitud: {n} / {total}',
  badgeEarned: 'Teenitud: {date}',
  badge_orders: { one: 'Tehke # tellimus', other: 'Tehke # tellimust' },
  badge_referrals: { one: 'Kutsuge # sõber, kes teeb ostu', other: 'Kutsuge # sõpra, kes teevad ostu' },
  badge_birthday: 'Lisage oma sünnipäev',
  badge_member_years: { one: 'Olge liige # aasta', other: 'Olge liige # aastat' },
  badge_lifetime_points: 'Teenige kokku {points}',
  badge_tier: 'Jõudke tasemele {tier}',

  // punch card (ways to earn)
  punchEvery: { one: 'Iga tellimuse eest: {what}', other: 'Iga # tellimuse eest: {what}' },
  punchCount: 'Tellimusi: {n} / {every}',

  // profile
  profileName: 'Nimi',
  profileBirthday: 'Sünnipäev',
  birthdayOnce: 'Sünnipäeva saab muuta kord aastas.',
  save: 'Salvesta',
  errOnceAYear: 'Sünnipäeva muudeti vähem kui aasta tagasi.',
  errName: 'Nimi võib olla kuni 100 tähemärki.',
  termsTitle: 'Programmi tingimused',
  privacy: 'Privaatsuspoliitika',
  yourData: 'Teie andmed',
  download: 'Laadi alla minu andmed',
  deleteAccount: 'Kustuta konto',
  deleteConfirm: 'Kustutada konto? Punktid ja kupongid kaovad. Seda ei saa tagasi võtta.',
  deleteYes: 'Jah, kustuta konto',
  deleted: 'Teie konto on kustutatud.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Punkte pole veel piisavalt.',
  err_reward_unavailable: 'Preemia pole saadaval. Valige teine.',
  err_already_claimed: 'See on juba saadud.',
}

export default et
