import type { Messages } from './en.ts'

/**
 * French. Address: "vous" (only shareText, the member's own message to a friend, says "tu").
 * Points: one `# point` (0, 1 and 1,5 too), many `# de points` (1 000 000…), other `# points`.
 * `{points}` is the whole phrase, so it stands where no participle or adjective must agree
 * with it ("Vous avez reçu …", "Obtenir …", "contre …", after a colon). A no-break space
 * goes before ":" and a narrow one before "?" and "!". Referred friends are "filleuls".
 */
const fr: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Récompenses',
  close: 'Fermer',
  back: 'Retour',
  points: { one: '# point', many: '# de points', other: '# points' },
  loading: 'Chargement…',
  retry: 'Réessayer',
  updated: 'Hors ligne — mis à jour à {time}',

  // home
  joinBonus: 'Recevez {points} à l’inscription',
  joinPitch: 'Gagnez des points à chaque commande et échangez-les contre des récompenses.',
  join: 'S’inscrire',
  signInHint: 'Déjà membre ? Connectez-vous à votre compte client pour voir vos points.',
  hello: 'Bonjour {name}',
  helloNoName: 'Bon retour parmi nous',
  balance: 'Votre solde',
  tier: 'Membre {tier}',
  toNextTier: 'Encore {points} pour le niveau {tier}',
  topTier: 'Vous avez atteint le niveau le plus élevé',
  welcome: 'Bienvenue ! Vous avez reçu {points}.',
  canRedeem: 'Récompense disponible : {reward}',
  moreFor: { one: 'Encore # point pour {reward}', many: 'Encore # de points pour {reward}', other: 'Encore # points pour {reward}' },
  moreForMoney: {
    one: 'Encore # point pour {reward} — environ {money} d’achats',
    many: 'Encore # de points pour {reward} — environ {money} d’achats',
    other: 'Encore # points pour {reward} — environ {money} d’achats',
  },
  campaign: '{name} — jusqu’au {date}',
  expiring: { one: '# point expire le {date}', many: '# de points expirent le {date}', other: '# points expirent le {date}' },
  invited: 'Un ami vous invite : {offer} à l’inscription.',

  // navigation (view names)
  earn: 'Gagner des points',
  rewards: 'Récompenses',
  offers: 'Offres membres',
  badges: 'Badges',
  referral: 'Parrainer un ami',
  activity: 'Historique',
  tiers: 'Niveaux',
  profile: 'Votre profil',

  // errors, by code: what happened and what to do
  err_email_taken: 'Cet e-mail est déjà inscrit. Connectez-vous à votre compte client pour voir vos points.',
  err_rate_limited: 'Trop de tentatives. Réessayez dans {seconds} s.',
  err_network_error: 'Impossible de joindre le programme de fidélité. Vérifiez votre connexion et réessayez.',
  err_timeout: 'Le programme de fidélité met trop de temps à répondre. Réessayez dans un instant.',
  err_unauthorized: 'Votre session a expiré. Reconnectez-vous pour voir vos points.',
  err_invalid_request: 'Certains champs sont incorrects. Vérifiez-les et réessayez.',
  err_default: 'Une erreur s’est produite de notre côté. Vos points sont en sécurité — réessayez.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'E-mail',
  name: 'Prénom (facultatif)',
  birthday: 'Date d’anniversaire (facultatif)',
  terms: 'J’accepte les {terms}',
  termsLink: 'conditions du programme',
  marketing: 'Recevoir les actualités et offres par e-mail (facultatif)',
  refCode: 'Code de parrainage (facultatif)',
  submit: 'S’inscrire',
  submitting: 'Inscription…',
  errEmail: 'Saisissez une adresse e-mail du type nom@example.com',
  errTerms: 'Acceptez les conditions du programme pour vous inscrire',
  errBirthday: 'Saisissez une date passée',

  // earn
  perEuro: '{points} pour {money} d’achats',
  tierBoost: 'Votre niveau {tier} : points ×{n} sur vos commandes',
  claim: 'Obtenir {points}',
  follow: 'Suivre et obtenir {points}',
  done: 'Terminé',
  joinToClaim: 'S’inscrire pour en profiter',
  claimed: '+{points} — merci !',

  // rewards
  worthOff: '{value} de réduction',
  redeem: 'Échanger',
  needMore: { one: 'Encore # point', many: 'Encore # de points', other: 'Encore # points' },
  confirm: 'Échanger {points} contre {reward} ?',
  confirmYes: 'Oui, échanger',
  cancel: 'Annuler',
  redeeming: 'Échange…',
  yourCode: 'Votre code pour {reward}',
  thanks: 'Merci ! Vous avez fait don de {points} à l’association.',
  copy: 'Copier',
  copied: 'Copié',
  copyFailed: 'Copie impossible',
  copyCode: 'Copier le code {code}',
  coupons: 'Vos bons de réduction',
  noCoupons: 'Aucun bon pour l’instant. Échangez une récompense pour en obtenir un.',
  validUntil: 'Valable jusqu’au {date}',
  used: 'Utilisé',
  expired: 'Expiré',
  joinToRedeem: 'Inscrivez-vous pour échanger des récompenses',

  // marketing consent (a member's home)
  emailOffers: 'Recevoir les actualités et offres par e-mail',
  saving: 'Enregistrement…',
  saved: 'Enregistré',

  // referral
  referralPitch: 'Votre filleul reçoit {offer}. Vous recevez {points} après son premier achat.',
  yourLink: 'Votre lien de parrainage',
  copyLink: 'Copier le lien',
  share: 'Partager',
  shareText: 'Rejoins {program} et reçois {offer} :',
  friendsJoined: { one: '# filleul inscrit', many: '# de filleuls inscrits', other: '# filleuls inscrits' },
  pointsEarned: '{points} grâce au parrainage',
  joinToRefer: 'Inscrivez-vous pour obtenir votre lien de parrainage',

  // activity
  noActivity: 'Aucune activité pour l’instant.',
  loadMore: 'Afficher plus',

  // tiers
  tierFrom: 'À partir de {points} au total',
  tierMultiplier: 'Points ×{n} sur les commandes',
  yourTier: 'Votre niveau',

  // offers
  offersNone: 'Aucune offre membre pour l’instant. Les nouvelles offres apparaîtront ici.',
  offerFrom: 'À partir du {date}',
  offerUntil: 'Jusqu’au {date}',
  offerLocked: 'Atteignez le niveau {tier} pour la débloquer',
  joinToUnlock: 'S’inscrire pour débloquer',
  shopOffer: 'Profiter de l’offre {offer}',

  // badges
  badgesNone: 'Aucun badge dans ce programme pour l’instant.',
  badgesCount: 'Badges obtenus : {n} sur {total}',
  badgeEarned: 'Obtenu le {date}',
  badge_orders: { one: 'Passez # commande', many: 'Passez # de commandes', other: 'Passez # commandes' },
  badge_referrals: { one: 'Parrainez # ami qui commande', many: 'Parrainez # d’amis qui commandent', other: 'Parrainez # amis qui commandent' },
  badge_birthday: 'Indiquez votre anniversaire',
  badge_member_years: { one: 'Soyez membre pendant # an', many: 'Soyez membre pendant # d’ans', other: 'Soyez membre pendant # ans' },
  badge_lifetime_points: 'Cumulez {points} au total',
  badge_tier: 'Atteignez le niveau {tier}',

  // punch card (ways to earn)
  punchEvery: {
    one: 'Toutes les # commandes, recevez {what}',
    many: 'Toutes les # de commandes, recevez {what}',
    other: 'Toutes les # commandes, recevez {what}',
  },
  punchCount: 'Commandes : {n} sur {every}',

  // profile
  profileName: 'Prénom',
  profileBirthday: 'Date d’anniversaire',
  birthdayOnce: 'Vous pouvez modifier votre date d’anniversaire une fois par an.',
  save: 'Enregistrer',
  errOnceAYear: 'Votre date d’anniversaire a été modifiée il y a moins d’un an.',
  errName: 'Saisissez un prénom de 100 caractères maximum.',
  termsTitle: 'Conditions du programme',
  privacy: 'Politique de confidentialité',
  yourData: 'Vos données',
  download: 'Télécharger mes données',
  deleteAccount: 'Supprimer mon compte',
  deleteConfirm: 'Supprimer votre compte ? Vos points et bons de réduction seront perdus. Cette action est irréversible.',
  deleteYes: 'Oui, supprimer mon compte',
  deleted: 'Votre compte a été supprimé.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Vous n’avez pas encore assez de points pour cette récompense.',
  err_reward_unavailable: 'Cette récompense n’est plus disponible. Choisissez-en une autre.',
  err_already_claimed: 'Vous en avez déjà profité.',
}

export default fr
