import type { Messages } from './en.ts'

/**
 * German. Address: "Sie" (only shareText, the member's own message to a friend, says "du").
 * Points: one `# Punkt`, other `# Punkte`. `{points}` is a nominative/accusative phrase:
 * it stands as an object ("Sie haben …", "… sichern", "für …") or after a colon — never
 * after a preposition that needs the dative (mit, ab, von), which would want "Punkten".
 * Tiers are "Stufe"; join is "Mitglied werden", sign in "anmelden".
 */
const de: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Prämien',
  close: 'Schließen',
  back: 'Zurück',
  points: { one: '# Punkt', other: '# Punkte' },
  loading: 'Wird geladen…',
  retry: 'Erneut versuchen',
  updated: 'Offline – Stand: {time}',

  // home
  joinBonus: '{points} als Willkommensbonus',
  joinPitch: 'Sammeln Sie bei jeder Bestellung Punkte und lösen Sie sie gegen Prämien ein.',
  join: 'Jetzt Mitglied werden',
  signInHint: 'Bereits Mitglied? Melden Sie sich in Ihrem Kundenkonto an, um Ihre Punkte zu sehen.',
  hello: 'Hallo {name}',
  helloNoName: 'Willkommen zurück',
  balance: 'Ihr Punktestand',
  tier: 'Stufe {tier}',
  toNextTier: 'Noch {points} bis {tier}',
  topTier: 'Sie haben die höchste Stufe erreicht',
  welcome: 'Willkommen! Sie haben {points} erhalten.',
  canRedeem: 'Jetzt einlösbar: {reward}',
  moreFor: { one: 'Noch # Punkt für {reward}', other: 'Noch # Punkte für {reward}' },
  moreForMoney: { one: 'Noch # Punkt für {reward} – ca. {money} Einkaufswert', other: 'Noch # Punkte für {reward} – ca. {money} Einkaufswert' },
  campaign: '{name} – bis {date}',
  expiring: { one: '# Punkt verfällt am {date}', other: '# Punkte verfallen am {date}' },
  invited: 'Sie wurden eingeladen: {offer}, wenn Sie Mitglied werden.',

  // navigation (view names)
  earn: 'Punkte sammeln',
  rewards: 'Prämien',
  offers: 'Mitgliederangebote',
  badges: 'Abzeichen',
  referral: 'Freunde werben',
  activity: 'Verlauf',
  tiers: 'Stufen',
  profile: 'Ihr Profil',

  // errors, by code: what happened and what to do
  err_email_taken: 'Diese E-Mail-Adresse ist bereits registriert. Melden Sie sich in Ihrem Kundenkonto an, um Ihre Punkte zu sehen.',
  err_rate_limited: 'Zu viele Versuche. Versuchen Sie es in {seconds} s erneut.',
  err_network_error: 'Das Prämienprogramm ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  err_timeout: 'Das Prämienprogramm antwortet nicht. Versuchen Sie es gleich noch einmal.',
  err_unauthorized: 'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um Ihre Punkte zu sehen.',
  err_invalid_request: 'Einige Angaben stimmen nicht. Prüfen Sie die Felder und versuchen Sie es erneut.',
  err_default: 'Bei uns ist ein Fehler aufgetreten. Ihre Punkte sind sicher – versuchen Sie es erneut.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'E-Mail',
  name: 'Name (optional)',
  birthday: 'Geburtstag (optional)',
  terms: 'Ich akzeptiere die {terms}',
  termsLink: 'Teilnahmebedingungen',
  marketing: 'Neuigkeiten und Angebote per E-Mail erhalten (optional)',
  refCode: 'Empfehlungscode (optional)',
  submit: 'Mitglied werden',
  submitting: 'Wird gesendet…',
  errEmail: 'Geben Sie eine E-Mail-Adresse wie name@example.com ein',
  errTerms: 'Bitte akzeptieren Sie die Teilnahmebedingungen, um Mitglied zu werden',
  errBirthday: 'Geben Sie ein Datum in der Vergangenheit ein',

  // earn
  perEuro: '{points} pro {money} Einkaufswert',
  tierBoost: 'Ihre Stufe {tier}: ×{n} Punkte auf Bestellungen',
  claim: '{points} sichern',
  follow: 'Folgen und {points} sichern',
  done: 'Erledigt',
  joinToClaim: 'Als Mitglied sichern',
  claimed: '+{points} – vielen Dank!',

  // rewards
  worthOff: '{value} Rabatt',
  redeem: 'Einlösen',
  needMore: { one: 'Noch # Punkt', other: 'Noch # Punkte' },
  confirm: '{reward} für {points} einlösen?',
  confirmYes: 'Ja, einlösen',
  cancel: 'Abbrechen',
  redeeming: 'Wird eingelöst…',
  yourCode: 'Ihr Code für {reward}',
  thanks: 'Vielen Dank! Sie haben {points} gespendet.',
  copy: 'Kopieren',
  copied: 'Kopiert',
  copyFailed: 'Kopieren fehlgeschlagen',
  copyCode: 'Code {code} kopieren',
  coupons: 'Ihre Gutscheine',
  noCoupons: 'Noch keine Gutscheine. Lösen Sie eine Prämie ein, um einen zu erhalten.',
  validUntil: 'Gültig bis {date}',
  used: 'Eingelöst',
  expired: 'Abgelaufen',
  joinToRedeem: 'Werden Sie Mitglied, um Prämien einzulösen',

  // marketing consent (a member's home)
  emailOffers: 'Neuigkeiten und Angebote per E-Mail erhalten',
  saving: 'Wird gespeichert…',
  saved: 'Gespeichert',

  // referral
  referralPitch: 'Freunde erhalten {offer}. Sie erhalten {points}, sobald sie zum ersten Mal einkaufen.',
  yourLink: 'Ihr Empfehlungslink',
  copyLink: 'Link kopieren',
  share: 'Teilen',
  shareText: 'Werde Mitglied bei {program} und erhalte {offer}:',
  friendsJoined: { one: '# Freund ist beigetreten', other: '# Freunde sind beigetreten' },
  pointsEarned: 'Durch Empfehlungen gesammelt: {points}',
  joinToRefer: 'Werden Sie Mitglied, um Ihren Empfehlungslink zu erhalten',

  // activity
  noActivity: 'Noch keine Aktivitäten.',
  loadMore: 'Mehr anzeigen',

  // tiers
  tierFrom: 'Benötigt: {points} insgesamt',
  tierMultiplier: '×{n} Punkte auf Bestellungen',
  yourTier: 'Ihre Stufe',

  // offers
  offersNone: 'Aktuell keine Mitgliederangebote. Neue erscheinen hier.',
  offerFrom: 'Ab {date}',
  offerUntil: 'Bis {date}',
  offerLocked: 'Ab Stufe {tier} verfügbar',
  joinToUnlock: 'Als Mitglied freischalten',
  shopOffer: 'Angebot nutzen: {offer}',

  // badges
  badgesNone: 'Dieses Programm hat noch keine Abzeichen.',
  badgesCount: '{n} von {total} erhalten',
  badgeEarned: 'Erhalten am {date}',
  badge_orders: { one: '# Bestellung aufgeben', other: '# Bestellungen aufgeben' },
  badge_referrals: { one: '# Freund werben, der bestellt', other: '# Freunde werben, die bestellen' },
  badge_birthday: 'Geburtstag angeben',
  badge_member_years: { one: '# Jahr Mitglied sein', other: '# Jahre Mitglied sein' },
  badge_lifetime_points: 'Insgesamt {points} sammeln',
  badge_tier: 'Stufe {tier} erreichen',

  // punch card (ways to earn)
  punchEvery: { one: 'Jede Bestellung bringt {what}', other: 'Jede #. Bestellung bringt {what}' },
  punchCount: '{n} von {every} Bestellungen',

  // profile
  profileName: 'Name',
  profileBirthday: 'Geburtstag',
  birthdayOnce: 'Sie können Ihren Geburtstag einmal im Jahr ändern.',
  save: 'Speichern',
  errOnceAYear: 'Ihr Geburtstag wurde vor weniger als einem Jahr geändert.',
  errName: 'Geben Sie einen Namen mit höchstens 100 Zeichen ein.',
  termsTitle: 'Teilnahmebedingungen',
  privacy: 'Datenschutzerklärung',
  yourData: 'Ihre Daten',
  download: 'Meine Daten herunterladen',
  deleteAccount: 'Mein Konto löschen',
  deleteConfirm: 'Konto löschen? Ihre Punkte und Gutscheine gehen verloren. Dies lässt sich nicht rückgängig machen.',
  deleteYes: 'Ja, Konto löschen',
  deleted: 'Ihr Konto wurde gelöscht.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Sie haben noch nicht genug Punkte für diese Prämie.',
  err_reward_unavailable: 'Diese Prämie ist nicht mehr verfügbar. Wählen Sie eine andere.',
  err_already_claimed: 'Das haben Sie bereits erhalten.',
}

export default de
