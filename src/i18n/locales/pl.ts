import type { Messages } from './en.ts'

/**
 * Polish. Address: "Ty", as stores do (imperatives: "Dołącz", "Odbierz"); a possessive
 * starts its sentence ("Twoje …") or is "swój". Points: one `# punkt`, few `# punkty`
 * (2–4, 22–24…), many `# punktów` (0, 5–21…), other (fractions) `# punktu`.
 * `{points}` is a nominative/accusative phrase: it stands as an object ("Odbierz …",
 * "Masz …", "na …", "za …") or after a colon — never where the genitive is due
 * ("od …", "do …", "brakuje …", after a negation), which "2 punkty" would not survive.
 */
const pl: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Nagrody',
  close: 'Zamknij',
  back: 'Wróć',
  points: { one: '# punkt', few: '# punkty', many: '# punktów', other: '# punktu' },
  loading: 'Ładowanie…',
  retry: 'Spróbuj ponownie',
  updated: 'Offline — ostatnia aktualizacja: {time}',

  // home
  joinBonus: 'Dołącz i odbierz {points}',
  joinPitch: 'Zbieraj punkty za każde zamówienie i wymieniaj je na nagrody.',
  join: 'Dołącz teraz',
  signInHint: 'Należysz już do programu? Zaloguj się na swoje konto w sklepie, aby zobaczyć punkty.',
  hello: 'Cześć, {name}',
  helloNoName: 'Witaj ponownie',
  balance: 'Twoje punkty',
  tier: 'Poziom {tier}',
  toNextTier: 'Jeszcze {points} do poziomu {tier}',
  topTier: 'Masz najwyższy poziom',
  welcome: 'Witamy! Masz już {points}.',
  canRedeem: 'Możesz odebrać: {reward}',
  moreFor: {
    one: 'Jeszcze # punkt do nagrody {reward}',
    few: 'Jeszcze # punkty do nagrody {reward}',
    many: 'Jeszcze # punktów do nagrody {reward}',
    other: 'Jeszcze # punktu do nagrody {reward}',
  },
  moreForMoney: {
    one: 'Jeszcze # punkt do nagrody {reward} — to zakupy za ok. {money}',
    few: 'Jeszcze # punkty do nagrody {reward} — to zakupy za ok. {money}',
    many: 'Jeszcze # punktów do nagrody {reward} — to zakupy za ok. {money}',
    other: 'Jeszcze # punktu do nagrody {reward} — to zakupy za ok. {money}',
  },
  campaign: '{name} — do {date}',
  expiring: { one: '# punkt wygaśnie {date}', few: '# punkty wygasną {date}', many: '# punktów wygaśnie {date}', other: '# punktu wygaśnie {date}' },
  invited: 'Zaproszenie od znajomego: {offer} po dołączeniu.',

  // navigation (view names)
  earn: 'Zdobywaj punkty',
  rewards: 'Nagrody',
  offers: 'Oferty dla członków',
  badges: 'Odznaki',
  referral: 'Poleć znajomym',
  activity: 'Historia',
  tiers: 'Poziomy',
  profile: 'Twój profil',

  // errors, by code: what happened and what to do
  err_email_taken: 'Ten e-mail jest już w programie. Zaloguj się na swoje konto w sklepie, aby zobaczyć punkty.',
  err_rate_limited: 'Zbyt wiele prób. Spróbuj ponownie za {seconds} s.',
  err_network_error: 'Nie udało się połączyć z programem lojalnościowym. Sprawdź połączenie i spróbuj ponownie.',
  err_timeout: 'Program lojalnościowy długo nie odpowiada. Spróbuj ponownie za chwilę.',
  err_unauthorized: 'Sesja wygasła. Zaloguj się ponownie, aby zobaczyć swoje punkty.',
  err_invalid_request: 'Formularz zawiera błędy. Sprawdź pola i spróbuj ponownie.',
  err_default: 'Wystąpił błąd po naszej stronie. Twoje punkty są bezpieczne — spróbuj ponownie.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'E-mail',
  name: 'Imię (opcjonalnie)',
  birthday: 'Data urodzin (opcjonalnie)',
  terms: 'Akceptuję {terms}',
  termsLink: 'regulamin programu',
  marketing: 'Chcę otrzymywać e-mailem nowości i oferty (opcjonalnie)',
  refCode: 'Kod polecający (opcjonalnie)',
  submit: 'Dołącz',
  submitting: 'Dołączanie…',
  errEmail: 'Wpisz adres e-mail, np. imie@example.com',
  errTerms: 'Zaakceptuj regulamin programu, aby dołączyć',
  errBirthday: 'Wpisz datę z przeszłości',

  // earn
  perEuro: '{points} za zakupy o wartości {money}',
  tierBoost: 'Twój poziom {tier}: punkty ×{n} za zamówienia',
  claim: 'Odbierz {points}',
  follow: 'Obserwuj: +{points}',
  done: 'Gotowe',
  joinToClaim: 'Dołącz, aby odebrać',
  claimed: '+{points} — dziękujemy!',

  // rewards
  worthOff: '{value} rabatu',
  redeem: 'Wymień',
  needMore: { one: 'Jeszcze # punkt', few: 'Jeszcze # punkty', many: 'Jeszcze # punktów', other: 'Jeszcze # punktu' },
  confirm: 'Wymienić {points} na nagrodę {reward}?',
  confirmYes: 'Tak, wymień',
  cancel: 'Anuluj',
  redeeming: 'Wymiana…',
  yourCode: 'Twój kod na nagrodę {reward}',
  thanks: 'Dziękujemy! Przekazano {points} na cel charytatywny.',
  copy: 'Kopiuj',
  copied: 'Skopiowano',
  copyFailed: 'Nie udało się skopiować',
  copyCode: 'Kopiuj kod {code}',
  coupons: 'Twoje kupony',
  noCoupons: 'Nie masz jeszcze kuponów. Wymień punkty na nagrodę, aby otrzymać kupon.',
  validUntil: 'Ważny do {date}',
  used: 'Wykorzystany',
  expired: 'Wygasł',
  joinToRedeem: 'Dołącz, aby wymieniać punkty na nagrody',

  // marketing consent (a member's home)
  emailOffers: 'Chcę otrzymywać e-mailem nowości i oferty',
  saving: 'Zapisywanie…',
  saved: 'Zapisano',

  // referral
  referralPitch: 'Dla znajomego: {offer}. Dla ciebie: {points} po jego pierwszym zakupie.',
  yourLink: 'Twój link polecający',
  copyLink: 'Kopiuj link',
  share: 'Udostępnij',
  shareText: 'Dołącz do programu {program} — czeka na ciebie {offer}:',
  friendsJoined: { one: '# znajomy dołączył', few: '# znajomych dołączyło', many: '# znajomych dołączyło', other: '# znajomego dołączyło' },
  pointsEarned: 'Za polecenia: {points}',
  joinToRefer: 'Dołącz, aby otrzymać link polecający',

  // activity
  noActivity: 'Na razie brak aktywności.',
  loadMore: 'Pokaż więcej',

  // tiers
  tierFrom: 'Próg: {points} łącznie',
  tierMultiplier: 'Punkty ×{n} za zamówienia',
  yourTier: 'Twój poziom',

  // offers
  offersNone: 'Na razie brak ofert dla członków. Nowe pojawią się tutaj.',
  offerFrom: 'Od {date}',
  offerUntil: 'Do {date}',
  offerLocked: 'Osiągnij poziom {tier}, aby odblokować',
  joinToUnlock: 'Dołącz, aby odblokować',
  shopOffer: 'Skorzystaj z oferty {offer}',

  // badges
  badgesNone: 'Ten program nie ma jeszcze odznak.',
  badgesCount: 'Zdobyte: {n} z {total}',
  badgeEarned: 'Zdobyta {date}',
  badge_orders: { one: 'Złóż # zamówienie', few: 'Złóż # zamówienia', many: 'Złóż # zamówień', other: 'Złóż # zamówienia' },
  badge_referrals: {
    one: 'Poleć # znajomego, który złoży zamówienie',
    few: 'Poleć # znajomych, którzy złożą zamówienie',
    many: 'Poleć # znajomych, którzy złożą zamówienie',
    other: 'Poleć # znajomego, który złoży zamówienie',
  },
  badge_birthday: 'Podaj datę urodzin',
  badge_member_years: {
    one: 'Bądź w programie przez # rok',
    few: 'Bądź w programie przez # lata',
    many: 'Bądź w programie przez # lat',
    other: 'Bądź w programie przez # roku',
  },
  badge_lifetime_points: 'Zbierz łącznie {points}',
  badge_tier: 'Osiągnij poziom {tier}',

  // punch card (ways to earn)
  punchEvery: {
    one: 'Każde zamówienie: {what}',
    few: 'Co # zamówienia: {what}',
    many: 'Co # zamówień: {what}',
    other: 'Co # zamówienia: {what}',
  },
  punchCount: '{n} z {every} zamówień',

  // profile
  profileName: 'Imię',
  profileBirthday: 'Data urodzin',
  birthdayOnce: 'Datę urodzin możesz zmienić raz w roku.',
  save: 'Zapisz',
  errOnceAYear: 'Data urodzin była zmieniana mniej niż rok temu.',
  errName: 'Wpisz imię (maks. 100 znaków).',
  termsTitle: 'Regulamin programu',
  privacy: 'Polityka prywatności',
  yourData: 'Twoje dane',
  download: 'Pobierz moje dane',
  deleteAccount: 'Usuń moje konto',
  deleteConfirm: 'Usunąć konto? Stracisz punkty i kupony. Tej operacji nie można cofnąć.',
  deleteYes: 'Tak, usuń moje konto',
  deleted: 'Konto zostało usunięte.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Masz jeszcze za mało punktów na tę nagrodę.',
  err_reward_unavailable: 'Ta nagroda nie jest już dostępna. Wybierz inną.',
  err_already_claimed: 'To zostało już odebrane.',
}

export default pl
