import type { Messages } from './en.ts'

/**
 * Macedonian. Points: one `# поен` (1, 21, 31…), other `# поени`. Buttons use
 * the short imperative usual in UI ("Копирај", "Откажи"); sentences use "вие".
 */
const mk: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Награди',
  close: 'Затвори',
  back: 'Назад',
  points: { one: '# поен', other: '# поени' },
  loading: 'Се вчитува…',
  retry: 'Повтори',
  updated: 'Офлајн — ажурирано: {time}',

  // home
  joinBonus: '{points} за зачленување',
  joinPitch: 'Собирајте поени и заменете ги за награди.',
  join: 'Зачлени се',
  signInHint: 'Веќе сте член? Најавете се во продавницата.',
  hello: 'Здраво, {name}',
  helloNoName: 'Добредојдовте повторно',
  balance: 'Вашите поени',
  tier: 'Ниво: {tier}',
  toNextTier: '{points} до {tier}',
  topTier: 'Имате највисоко ниво',
  welcome: 'Добредојдовте! Имате {points}.',
  canRedeem: 'Достапно: {reward}',
  moreFor: { one: 'Уште # поен до {reward}', other: 'Уште # поени до {reward}' },
  moreForMoney: { one: 'Уште # поен до {reward} — околу {money} потрошувачка', other: 'Уште # поени до {reward} — околу {money} потрошувачка' },
  campaign: '{name} — до {date}',
  expiring: { one: '# поен истекува на {date}', other: '# поени истекуваат на {date}' },
  invited: 'Подарок од пријател: {offer}.',

  // navigation (view names)
  earn: 'Собирање поени',
  rewards: 'Награди',
  offers: 'Понуди за членови',
  badges: 'Беџови',
  referral: 'Покани пријател',
  activity: 'Историја',
  tiers: 'Нивоа',
  profile: 'Вашиот профил',

  // errors, by code: what happened and what to do
  err_email_taken: 'Оваа е-пошта е веќе регистрирана. Најавете се.',
  err_rate_limited: 'Премногу обиди. Обидете се за {seconds} с.',
  err_network_error: 'Нема врска. Проверете го интернетот.',
  err_timeout: 'Услугата не одговара. Обидете се подоцна.',
  err_unauthorized: 'Сесијата истече. Најавете се повторно.',
  err_invalid_request: 'Проверете ги полињата.',
  err_default: 'Нешто тргна наопаку. Поените се безбедни — обидете се повторно.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'Е-пошта',
  name: 'Име (незадолжително)',
  birthday: 'Роденден (незадолжително)',
  terms: 'Се согласувам со {terms}',
  termsLink: 'условите на програмата',
  marketing: 'Новости и понуди по е-пошта (незадолжително)',
  refCode: 'Код за препорака (незадолжително)',
  submit: 'Зачлени се',
  submitting: 'Зачленување…',
  errEmail: 'Внесете е-пошта, пр. name@example.com',
  errTerms: 'Прифатете ги условите на програмата',
  errBirthday: 'Внесете датум во минатото',

  // earn
  perEuro: '{points} на {money} потрошувачка',
  tierBoost: 'Ниво {tier}: поени ×{n}',
  claim: 'Добиј {points}',
  follow: 'Следи: +{points}',
  done: 'Готово',
  joinToClaim: 'Зачлени се и добиј',
  claimed: '+{points} — благодариме!',

  // rewards
  worthOff: '{value} попуст',
  redeem: 'Искористи',
  needMore: { one: 'Уште # поен', other: 'Уште # поени' },
  confirm: 'Да се искористи {reward} за {points}?',
  confirmYes: 'Да, искористи',
  cancel: 'Откажи',
  redeeming: 'Се обработува…',
  yourCode: 'Код за {reward}',
  thanks: 'Благодариме! Дониравте {points}.',
  copy: 'Копирај',
  copied: 'Копирано',
  copyFailed: 'Копирањето не успеа',
  copyCode: 'Копирај го кодот {code}',
  coupons: 'Купони',
  noCoupons: 'Сѐ уште немате купони.',
  validUntil: 'Важи до {date}',
  used: 'Искористен',
  expired: 'Истечен',
  joinToRedeem: 'Зачлени се за награди',

  // marketing consent (a member's home)
  emailOffers: 'Новости и понуди по е-пошта',
  saving: 'Се зачувува…',
  saved: 'Зачувано',

  // referral
  referralPitch: 'Пријателот добива {offer}, а вие {points} по неговата прва нарачка.',
  yourLink: 'Линк за препорака',
  copyLink: 'Копирај линк',
  share: 'Сподели',
  shareText: 'Зачлени се во {program} и добиј {offer}:',
  friendsJoined: { one: '# пријател се зачлени', other: '# пријатели се зачленија' },
  pointsEarned: 'Од препораки: {points}',
  joinToRefer: 'Зачлени се и добиј линк',

  // activity
  noActivity: 'Нема активност.',
  loadMore: 'Прикажи повеќе',

  // tiers
  tierFrom: 'Од {points} вкупно',
  tierMultiplier: 'Поени ×{n}',
  yourTier: 'Вашето ниво',

  // offers
  offersNone: 'Моментално нема понуди. Новите ќе се појават тука.',
  offerFrom: 'Од {date}',
  offerUntil: 'До {date}',
  offerLocked: 'Достапно од ниво {tier}',
  joinToUnlock: 'Зачлени се и отклучи',
  shopOffer: 'Пазарувај: {offer}',

  // badges
  badgesNone: 'Сѐ уште нема беџови.',
  badgesCount: 'Освоени: {n} од {total}',
  badgeEarned: 'Освоен на {date}',
  badge_orders: { one: 'Направете # нарачка', other: 'Направете # нарачки' },
  badge_referrals: { one: 'Поканете # пријател што ќе нарача', other: 'Поканете # пријатели што ќе нарачаат' },
  badge_birthday: 'Внесете го роденденот',
  badge_member_years: { one: 'Бидете член # година', other: 'Бидете член # години' },
  badge_lifetime_points: 'Соберете вкупно {points}',
  badge_tier: 'Достигнете ниво {tier}',

  // punch card (ways to earn)
  punchEvery: { one: 'За секоја # нарачка: {what}', other: 'За секои # нарачки: {what}' },
  punchCount: '{n} од {every} нарачки',

  // profile
  profileName: 'Име',
  profileBirthday: 'Роденден',
  birthdayOnce: 'Роденденот може да се менува еднаш годишно.',
  save: 'Зачувај',
  errOnceAYear: 'Роденденот е променет пред помалку од една година.',
  errName: 'Внесете име до 100 знаци.',
  termsTitle: 'Услови на програмата',
  privacy: 'Политика за приватност',
  yourData: 'Вашите податоци',
  download: 'Преземи ги моите податоци',
  deleteAccount: 'Избриши ја сметката',
  deleteConfirm: 'Да се избрише сметката? Поените и купоните ќе исчезнат. Ова е неповратно.',
  deleteYes: 'Да, избриши ја сметката',
  deleted: 'Вашата сметка е избришана.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Сѐ уште немате доволно поени.',
  err_reward_unavailable: 'Наградата не е достапна. Изберете друга.',
  err_already_claimed: 'Ова веќе го добивте.',
}

export default mk
