import type { Messages } from './en.ts'

/**
 * Lithuanian. Points: one `# taškas` (1, 21, 31…), few `# taškai` (2–9, 22–29…),
 * many (fractions) `# taško`, other `# taškų` (0, 10–20, 30…). `{points}` is a
 * nominative phrase ("1 taškas", "3 taškai"), so it stands where the nominative
 * reads right: labels, after a colon or a dash, as "Dar …" — never as the object
 * of a verb or after a preposition (those need the accusative or genitive).
 * Address: polite plural "jūs" (Tapkite, Jūsų), as stores use.
 */
const lt: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Prizai',
  close: 'Uždaryti',
  back: 'Atgal',
  points: { one: '# taškas', few: '# taškai', many: '# taško', other: '# taškų' },
  loading: 'Įkeliama…',
  retry: 'Bandyti dar kartą',
  updated: 'Nėra ryšio – atnaujinta {time}',

  // home
  joinBonus: '{points} už registraciją',
  joinPitch: 'Kaupkite taškus už kiekvieną užsakymą ir keiskite juos į prizus.',
  join: 'Tapti nariu',
  signInHint: 'Jau esate narys? Prisijunkite prie parduotuvės paskyros ir matysite savo taškus.',
  hello: 'Sveiki, {name}',
  helloNoName: 'Sveiki sugrįžę',
  balance: 'Jūsų taškai',
  tier: 'Lygis: {tier}',
  toNextTier: 'Dar {points} iki lygio {tier}',
  topTier: 'Pasiekėte aukščiausią lygį',
  welcome: 'Sveiki prisijungę! Jūsų dovana – {points}.',
  canRedeem: 'Galite gauti: {reward}',
  moreFor: { one: '{reward}: dar # taškas', few: '{reward}: dar # taškai', many: '{reward}: dar # taško', other: '{reward}: dar # taškų' },
  moreForMoney: {
    one: '{reward}: dar # taškas – apsipirkite maždaug už {money}',
    few: '{reward}: dar # taškai – apsipirkite maždaug už {money}',
    many: '{reward}: dar # taško – apsipirkite maždaug už {money}',
    other: '{reward}: dar # taškų – apsipirkite maždaug už {money}',
  },
  campaign: '{name} – iki {date}',
  expiring: {
    one: '# taškas nustos galioti {date}',
    few: '# taškai nustos galioti {date}',
    many: '# taško nustos galioti {date}',
    other: '# taškų nustos galioti {date}',
  },
  invited: 'Draugo kvietimas: {offer} tapus nariu.',

  // navigation (view names)
  earn: 'Kaip gauti taškų',
  rewards: 'Prizai',
  offers: 'Narių pasiūlymai',
  badges: 'Ženkleliai',
  referral: 'Pakvieskite draugą',
  activity: 'Istorija',
  tiers: 'Lygiai',
  profile: 'Jūsų profilis',

  // errors, by code: what happened and what to do
  err_email_taken: 'Šis el. paštas jau užregistruotas programoje. Prisijunkite prie parduotuvės paskyros.',
  err_rate_limited: 'Per daug bandymų. Bandykite po {seconds} s.',
  err_network_error: 'Nepavyko susisiekti su prizų paslauga. Patikrinkite ryšį ir bandykite dar kartą.',
  err_timeout: 'Prizų paslauga ilgai neatsako. Bandykite po akimirkos.',
  err_unauthorized: 'Sesija baigėsi. Prisijunkite iš naujo, kad matytumėte taškus.',
  err_invalid_request: 'Formoje yra klaidų. Patikrinkite laukus ir bandykite dar kartą.',
  err_default: 'Įvyko klaida mūsų pusėje. Jūsų taškai saugūs – bandykite dar kartą.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'El. paštas',
  name: 'Vardas (neprivaloma)',
  birthday: 'Gimtadienis (neprivaloma)',
  terms: 'Sutinku su {terms}',
  termsLink: 'programos taisyklėmis',
  marketing: 'Noriu gauti naujienas ir pasiūlymus el. paštu (neprivaloma)',
  refCode: 'Pakvietimo kodas (neprivaloma)',
  submit: 'Tapti nariu',
  submitting: 'Siunčiama…',
  errEmail: 'Įveskite el. pašto adresą, pvz., vardas@example.com',
  errTerms: 'Norėdami tapti nariu, sutikite su programos taisyklėmis',
  errBirthday: 'Įveskite praėjusią datą',

  // earn
  perEuro: '{points} už kiekvieną išleistą {money}',
  tierBoost: 'Lygis {tier}: taškai už užsakymus ×{n}',
  claim: 'Gauti: {points}',
  follow: 'Sekti ir gauti: {points}',
  done: 'Atlikta',
  joinToClaim: 'Tapkite nariu ir gaukite',
  claimed: '+{points} – ačiū!',

  // rewards
  worthOff: '{value} nuolaida',
  redeem: 'Iškeisti',
  needMore: { one: 'Dar # taškas', few: 'Dar # taškai', many: 'Dar # taško', other: 'Dar # taškų' },
  confirm: 'Gauti „{reward}“? Kaina: {points}.',
  confirmYes: 'Taip, iškeisti',
  cancel: 'Atšaukti',
  redeeming: 'Keičiama…',
  yourCode: '{reward}: jūsų kodas',
  thanks: 'Ačiū! Labdarai paaukota: {points}.',
  copy: 'Kopijuoti',
  copied: 'Nukopijuota',
  copyFailed: 'Nepavyko nukopijuoti',
  copyCode: 'Kopijuoti kodą {code}',
  coupons: 'Jūsų kuponai',
  noCoupons: 'Kuponų dar nėra. Juos gausite iškeitę taškus į prizus.',
  validUntil: 'Galioja iki {date}',
  used: 'Panaudotas',
  expired: 'Nebegalioja',
  joinToRedeem: 'Tapkite nariu ir gaukite prizus',

  // marketing consent (a member's home)
  emailOffers: 'Noriu gauti naujienas ir pasiūlymus el. paštu',
  saving: 'Išsaugoma…',
  saved: 'Išsaugota',

  // referral
  referralPitch: 'Draugui: {offer}. Jums: {points}, kai draugas apsipirks pirmą kartą.',
  yourLink: 'Jūsų pakvietimo nuoroda',
  copyLink: 'Kopijuoti nuorodą',
  share: 'Bendrinti',
  shareText: 'Kviečiu į programą „{program}“! Tau – {offer}:',
  friendsJoined: { one: '# draugas prisijungė', few: '# draugai prisijungė', many: '# draugo prisijungė', other: '# draugų prisijungė' },
  pointsEarned: 'Už pakvietimus: {points}',
  joinToRefer: 'Tapkite nariu ir gaukite nuorodą',

  // activity
  noActivity: 'Įrašų dar nėra.',
  loadMore: 'Rodyti daugiau',

  // tiers
  tierFrom: 'Iš viso reikia: {points}',
  tierMultiplier: 'Taškai už užsakymus ×{n}',
  yourTier: 'Jūsų lygis',

  // offers
  offersNone: 'Narių pasiūlymų šiuo metu nėra. Nauji atsiras čia.',
  offerFrom: 'Nuo {date}',
  offerUntil: 'Iki {date}',
  offerLocked: 'Prieinama nuo lygio {tier}',
  joinToUnlock: 'Tapkite nariu ir atrakinkite',
  shopOffer: 'Apsipirkti: {offer}',

  // badges
  badgesNone: 'Šioje programoje ženklelių dar nėra.',
  badgesCount: 'Gauta {n} iš {total}',
  badgeEarned: 'Gautas {date}',
  badge_orders: { one: 'Apsipirkite # kartą', few: 'Apsipirkite # kartus', many: 'Apsipirkite # karto', other: 'Apsipirkite # kartų' },
  badge_referrals: {
    one: 'Pakvieskite # draugą, kuris apsipirks',
    few: 'Pakvieskite # draugus, kurie apsipirks',
    many: 'Pakvieskite # draugo, kurie apsipirks',
    other: 'Pakvieskite # draugų, kurie apsipirks',
  },
  badge_birthday: 'Nurodykite gimtadienį',
  badge_member_years: { one: 'Būkite narys # metus', few: 'Būkite narys # metus', many: 'Būkite narys # metų', other: 'Būkite narys # metų' },
  badge_lifetime_points: 'Surinkite iš viso: {points}',
  badge_tier: 'Pasiekite lygį {tier}',

  // punch card (ways to earn)
  punchEvery: {
    one: 'Už kas # užsakymą – {what}',
    few: 'Už kas # užsakymus – {what}',
    many: 'Už kas # užsakymo – {what}',
    other: 'Už kas # užsakymų – {what}',
  },
  punchCount: '{n} iš {every} užsakymų',

  // profile
  profileName: 'Vardas',
  profileBirthday: 'Gimtadienis',
  birthdayOnce: 'Gimtadienį galima keisti kartą per metus.',
  save: 'Išsaugoti',
  errOnceAYear: 'Gimtadienis keistas mažiau nei prieš metus.',
  errName: 'Įveskite vardą (iki 100 simbolių).',
  termsTitle: 'Programos taisyklės',
  privacy: 'Privatumo politika',
  yourData: 'Jūsų duomenys',
  download: 'Atsisiųsti mano duomenis',
  deleteAccount: 'Ištrinti paskyrą',
  deleteConfirm: 'Ištrinti paskyrą? Jūsų taškai ir kuponai dings. To atšaukti nebus galima.',
  deleteYes: 'Taip, ištrinti paskyrą',
  deleted: 'Jūsų paskyra ištrinta.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Šiam prizui dar neužtenka taškų.',
  err_reward_unavailable: 'Šis prizas nebeprieinamas. Pasirinkite kitą.',
  err_already_claimed: 'Tai jau gavote.',
}

export default lt
