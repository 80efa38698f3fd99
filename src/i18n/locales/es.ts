import type { Messages } from './en.ts'

/**
 * Spanish, neutral (no vosotros, no regional words). Address: "tú", as stores do.
 * Points: one `# punto`, many `# de puntos` (1.000.000…), other `# puntos`.
 * `{points}` is the whole phrase, so it stands where no verb or adjective must agree
 * with it ("Consigue …", "Ya tienes …", "… más para", after a colon); strings that
 * need agreement ("Te faltan …") are plurals of their own. Members are "socios".
 */
const es: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Premios',
  close: 'Cerrar',
  back: 'Volver',
  points: { one: '# punto', many: '# de puntos', other: '# puntos' },
  loading: 'Cargando…',
  retry: 'Reintentar',
  updated: 'Sin conexión · última actualización: {time}',

  // home
  joinBonus: 'Consigue {points} al unirte',
  joinPitch: 'Gana puntos con cada pedido y cámbialos por recompensas.',
  join: 'Únete ahora',
  signInHint: '¿Ya eres socio? Inicia sesión en tu cuenta de la tienda para ver tus puntos.',
  hello: 'Hola, {name}',
  helloNoName: '¡Hola de nuevo!',
  balance: 'Tu saldo',
  tier: 'Nivel {tier}',
  toNextTier: '{points} más para el nivel {tier}',
  topTier: 'Has alcanzado el nivel más alto',
  welcome: '¡Te damos la bienvenida! Ya tienes {points}.',
  canRedeem: 'Puedes canjear: {reward}',
  moreFor: { one: 'Te falta # punto para {reward}', many: 'Te faltan # de puntos para {reward}', other: 'Te faltan # puntos para {reward}' },
  moreForMoney: {
    one: 'Te falta # punto para {reward}: unos {money} en compras',
    many: 'Te faltan # de puntos para {reward}: unos {money} en compras',
    other: 'Te faltan # puntos para {reward}: unos {money} en compras',
  },
  campaign: '{name} — hasta el {date}',
  expiring: { one: '# punto caduca el {date}', many: '# de puntos caducan el {date}', other: '# puntos caducan el {date}' },
  invited: 'Invitación de un amigo: {offer} al unirte.',

  // navigation (view names)
  earn: 'Cómo ganar puntos',
  rewards: 'Recompensas',
  offers: 'Ofertas para socios',
  badges: 'Insignias',
  referral: 'Invita a un amigo',
  activity: 'Actividad',
  tiers: 'Niveles',
  profile: 'Tu perfil',

  // errors, by code: what happened and what to do
  err_email_taken: 'Este correo ya está registrado. Inicia sesión en tu cuenta de la tienda para ver tus puntos.',
  err_rate_limited: 'Demasiados intentos. Vuelve a intentarlo en {seconds} s.',
  err_network_error: 'No pudimos conectar con el programa de recompensas. Revisa tu conexión e inténtalo de nuevo.',
  err_timeout: 'El programa de recompensas tarda demasiado en responder. Inténtalo de nuevo en un momento.',
  err_unauthorized: 'Tu sesión ha caducado. Vuelve a iniciar sesión para ver tus puntos.',
  err_invalid_request: 'Hay algún dato incorrecto. Revisa los campos e inténtalo de nuevo.',
  err_default: 'Algo salió mal por nuestra parte. Tus puntos están a salvo: inténtalo de nuevo.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'Correo electrónico',
  name: 'Nombre (opcional)',
  birthday: 'Cumpleaños (opcional)',
  terms: 'Acepto las {terms}',
  termsLink: 'condiciones del programa',
  marketing: 'Quiero recibir novedades y ofertas por correo (opcional)',
  refCode: 'Código de invitación (opcional)',
  submit: 'Unirme',
  submitting: 'Enviando…',
  errEmail: 'Escribe un correo como nombre@example.com',
  errTerms: 'Acepta las condiciones del programa para unirte',
  errBirthday: 'Escribe una fecha pasada',

  // earn
  perEuro: '{points} por cada {money} de compra',
  tierBoost: 'Con tu nivel {tier}: ×{n} puntos en tus pedidos',
  claim: 'Conseguir {points}',
  follow: 'Seguir y conseguir {points}',
  done: 'Hecho',
  joinToClaim: 'Únete para conseguirlo',
  claimed: '+{points}, ¡gracias!',

  // rewards
  worthOff: '{value} de descuento',
  redeem: 'Canjear',
  needMore: { one: 'Falta # punto', many: 'Faltan # de puntos', other: 'Faltan # puntos' },
  confirm: '¿Canjear {points} por {reward}?',
  confirmYes: 'Sí, canjear',
  cancel: 'Cancelar',
  redeeming: 'Canjeando…',
  yourCode: 'Tu código para {reward}',
  thanks: '¡Gracias! Donación realizada: {points}.',
  copy: 'Copiar',
  copied: 'Copiado',
  copyFailed: 'No se pudo copiar',
  copyCode: 'Copiar código {code}',
  coupons: 'Tus cupones',
  noCoupons: 'Aún no tienes cupones. Canjea una recompensa para conseguir uno.',
  validUntil: 'Válido hasta el {date}',
  used: 'Usado',
  expired: 'Caducado',
  joinToRedeem: 'Únete para canjear recompensas',

  // marketing consent (a member's home)
  emailOffers: 'Quiero recibir novedades y ofertas por correo',
  saving: 'Guardando…',
  saved: 'Guardado',

  // referral
  referralPitch: 'Tu amigo recibe {offer}. Tú recibes {points} cuando haga su primera compra.',
  yourLink: 'Tu enlace de invitación',
  copyLink: 'Copiar enlace',
  share: 'Compartir',
  shareText: 'Únete a {program} y consigue {offer}:',
  friendsJoined: { one: '# amigo se unió', many: '# de amigos se unieron', other: '# amigos se unieron' },
  pointsEarned: 'Por invitaciones: {points}',
  joinToRefer: 'Únete para conseguir tu enlace de invitación',

  // activity
  noActivity: 'Aún no hay actividad.',
  loadMore: 'Ver más',

  // tiers
  tierFrom: 'Desde {points} en total',
  tierMultiplier: '×{n} puntos en pedidos',
  yourTier: 'Tu nivel',

  // offers
  offersNone: 'Ahora no hay ofertas para socios. Las nuevas aparecerán aquí.',
  offerFrom: 'Desde el {date}',
  offerUntil: 'Hasta el {date}',
  offerLocked: 'Alcanza el nivel {tier} para desbloquearla',
  joinToUnlock: 'Únete para desbloquearla',
  shopOffer: 'Aprovecha la oferta {offer}',

  // badges
  badgesNone: 'Este programa aún no tiene insignias.',
  badgesCount: '{n} de {total} conseguidas',
  badgeEarned: 'Conseguida el {date}',
  badge_orders: { one: 'Haz # pedido', many: 'Haz # de pedidos', other: 'Haz # pedidos' },
  badge_referrals: {
    one: 'Invita a # amigo que haga un pedido',
    many: 'Invita a # de amigos que hagan un pedido',
    other: 'Invita a # amigos que hagan un pedido',
  },
  badge_birthday: 'Indica tu cumpleaños',
  badge_member_years: { one: 'Cumple # año en el programa', many: 'Cumple # de años en el programa', other: 'Cumple # años en el programa' },
  badge_lifetime_points: 'Acumula {points} en total',
  badge_tier: 'Alcanza el nivel {tier}',

  // punch card (ways to earn)
  punchEvery: { one: 'Cada pedido: {what}', many: 'Cada # de pedidos consigues {what}', other: 'Cada # pedidos consigues {what}' },
  punchCount: '{n} de {every} pedidos',

  // profile
  profileName: 'Nombre',
  profileBirthday: 'Cumpleaños',
  birthdayOnce: 'Puedes cambiar tu cumpleaños una vez al año.',
  save: 'Guardar',
  errOnceAYear: 'Tu cumpleaños se cambió hace menos de un año.',
  errName: 'Escribe un nombre de hasta 100 caracteres.',
  termsTitle: 'Condiciones del programa',
  privacy: 'Política de privacidad',
  yourData: 'Tus datos',
  download: 'Descargar mis datos',
  deleteAccount: 'Eliminar mi cuenta',
  deleteConfirm: '¿Eliminar tu cuenta? Perderás tus puntos y cupones. No se puede deshacer.',
  deleteYes: 'Sí, eliminar mi cuenta',
  deleted: 'Tu cuenta se ha eliminado.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Aún no tienes puntos suficientes para esta recompensa.',
  err_reward_unavailable: 'Esta recompensa ya no está disponible. Elige otra.',
  err_already_claimed: 'Ya lo tienes.',
}

export default es
