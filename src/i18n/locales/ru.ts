import type { Messages } from './en.ts'

/**
 * Russian. Points: one `# балл`, few `# балла`, many `# баллов`, other (fractions)
 * `# балла`. `{points}` is a nominative/accusative phrase: it stands as an
 * object ("Получите …"), after "У вас", or after a colon — never after a
 * preposition that needs the genitive.
 */
const ru: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Бонусы',
  close: 'Закрыть',
  back: 'Назад',
  points: { one: '# балл', few: '# балла', many: '# баллов', other: '# балла' },
  loading: 'Загрузка…',
  retry: 'Повторить',
  updated: 'Нет сети — данные на {time}',

  // home
  joinBonus: '{points} за вступление',
  joinPitch: 'Копите баллы и меняйте их на награды.',
  join: 'Вступить',
  signInHint: 'Уже участвуете? Войдите в аккаунт.',
  hello: 'Здравствуйте, {name}',
  helloNoName: 'С возвращением',
  balance: 'Баланс',
  tier: 'Уровень {tier}',
  toNextTier: '{points} до уровня {tier}',
  topTier: 'У вас высший уровень',
  welcome: 'Добро пожаловать! У вас {points}.',
  canRedeem: 'Доступно: {reward}',
  moreFor: { one: '{reward}: ещё # балл', few: '{reward}: ещё # балла', many: '{reward}: ещё # баллов', other: '{reward}: ещё # балла' },
  moreForMoney: {
    one: '{reward}: ещё # балл — примерно на {money} покупок',
    few: '{reward}: ещё # балла — примерно на {money} покупок',
    many: '{reward}: ещё # баллов — примерно на {money} покупок',
    other: '{reward}: ещё # балла — примерно на {money} покупок',
  },
  campaign: '{name} — до {date}',
  expiring: { one: '# балл сгорит {date}', few: '# балла сгорят {date}', many: '# баллов сгорят {date}', other: '# балла сгорят {date}' },
  invited: 'Подарок от друга: {offer}.',

  // navigation (view names)
  earn: 'Получить баллы',
  rewards: 'Награды',
  offers: 'Предложения участникам',
  badges: 'Бейджи',
  referral: 'Пригласить друга',
  activity: 'История',
  tiers: 'Уровни',
  profile: 'Профиль',

  // errors, by code: what happened and what to do
  err_email_taken: 'Этот email уже в программе. Войдите в аккаунт.',
  err_rate_limited: 'Слишком много попыток. Повторите через {seconds} с.',
  err_network_error: 'Нет связи. Проверьте интернет.',
  err_timeout: 'Сервис не отвечает. Повторите позже.',
  err_unauthorized: 'Сессия истекла. Войдите снова.',
  err_invalid_request: 'Проверьте поля формы.',
  err_default: 'Что-то пошло не так. Баллы в сохранности — повторите.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'Эл. почта',
  name: 'Имя (необязательно)',
  birthday: 'День рождения (необязательно)',
  terms: 'Я принимаю {terms}',
  termsLink: 'условия программы',
  marketing: 'Присылать новости и акции (необязательно)',
  refCode: 'Код приглашения (необязательно)',
  submit: 'Вступить',
  submitting: 'Отправка…',
  errEmail: 'Введите email вида name@example.com',
  errTerms: 'Примите условия программы',
  errBirthday: 'Укажите дату в прошлом',

  // earn
  perEuro: '{points} за {money} покупок',
  tierBoost: 'Уровень {tier}: баллы ×{n}',
  claim: 'Получить {points}',
  follow: 'Подписаться: +{points}',
  done: 'Готово',
  joinToClaim: 'Вступить и получить',
  claimed: '+{points} — спасибо!',

  // rewards
  worthOff: 'Скидка {value}',
  redeem: 'Обменять',
  needMore: { one: 'Ещё # балл', few: 'Ещё # балла', many: 'Ещё # баллов', other: 'Ещё # балла' },
  confirm: 'Обменять {points} на «{reward}»?',
  confirmYes: 'Да, обменять',
  cancel: 'Отмена',
  redeeming: 'Обмен…',
  yourCode: 'Код на «{reward}»',
  thanks: 'Спасибо! {points} — на благотворительность.',
  copy: 'Копировать',
  copied: 'Скопировано',
  copyFailed: 'Не удалось скопировать',
  copyCode: 'Копировать код {code}',
  coupons: 'Купоны',
  noCoupons: 'Купонов пока нет.',
  validUntil: 'Действует до {date}',
  used: 'Использован',
  expired: 'Срок истёк',
  joinToRedeem: 'Вступить и получить награды',

  // marketing consent (a member's home)
  emailOffers: 'Присылать новости и акции на почту',
  saving: 'Сохранение…',
  saved: 'Сохранено',

  // referral
  referralPitch: 'Другу — {offer}, вам — {points} после его первой покупки.',
  yourLink: 'Ссылка для друзей',
  copyLink: 'Копировать ссылку',
  share: 'Поделиться',
  shareText: 'Вступай в программу {program} — тебя ждёт {offer}:',
  friendsJoined: { one: '# друг вступил', few: '# друга вступили', many: '# друзей вступили', other: '# друга вступили' },
  pointsEarned: 'За приглашения: {points}',
  joinToRefer: 'Вступить и получить ссылку',

  // activity
  noActivity: 'Пока пусто.',
  loadMore: 'Показать ещё',

  // tiers
  tierFrom: 'Нужно {points} за всё время',
  tierMultiplier: 'Баллы ×{n}',
  yourTier: 'Ваш уровень',

  // offers
  offersNone: 'Сейчас предложений нет. Новые появятся здесь.',
  offerFrom: 'С {date}',
  offerUntil: 'До {date}',
  offerLocked: 'Доступно с уровня {tier}',
  joinToUnlock: 'Вступить и получить доступ',
  shopOffer: 'К покупкам: {offer}',

  // badges
  badgesNone: 'Бейджей пока нет.',
  badgesCount: 'Получено {n} из {total}',
  badgeEarned: 'Получен {date}',
  badge_orders: { one: 'Сделайте # заказ', few: 'Сделайте # заказа', many: 'Сделайте # заказов', other: 'Сделайте # заказа' },
  badge_referrals: {
    one: 'Заказы от # приглашённого друга',
    few: 'Заказы от # приглашённых друзей',
    many: 'Заказы от # приглашённых друзей',
    other: 'Заказы от # приглашённых друзей',
  },
  badge_birthday: 'Укажите день рождения',
  badge_member_years: {
    one: 'Участвуйте в программе # год',
    few: 'Участвуйте в программе # года',
    many: 'Участвуйте в программе # лет',
    other: 'Участвуйте в программе # года',
  },
  badge_lifetime_points: 'Накопите {points} за всё время',
  badge_tier: 'Достигните уровня {tier}',

  // punch card (ways to earn)
  punchEvery: { one: 'За каждый # заказ: {what}', few: 'За каждые # заказа: {what}', many: 'За каждые # заказов: {what}', other: 'За каждые # заказа: {what}' },
  punchCount: 'Заказов: {n} из {every}',

  // profile
  profileName: 'Имя',
  profileBirthday: 'День рождения',
  birthdayOnce: 'День рождения можно менять раз в год.',
  save: 'Сохранить',
  errOnceAYear: 'День рождения меняли меньше года назад.',
  errName: 'Введите имя до 100 символов.',
  termsTitle: 'Условия программы',
  privacy: 'Политика конфиденциальности',
  yourData: 'Ваши данные',
  download: 'Скачать мои данные',
  deleteAccount: 'Удалить аккаунт',
  deleteConfirm: 'Удалить аккаунт? Баллы и купоны пропадут. Это нельзя отменить.',
  deleteYes: 'Да, удалить аккаунт',
  deleted: 'Ваш аккаунт удалён.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Пока не хватает баллов.',
  err_reward_unavailable: 'Награда недоступна. Выберите другую.',
  err_already_claimed: 'Уже получено.',
}

export default ru
