import type { Messages } from './en.ts'

/**
 * Ukrainian. Points: one `# бал`, few `# бали`, many `# балів`, other (fractions)
 * `# бала`. `{points}` is a nominative/accusative phrase (the same for "бал"):
 * it stands as an object ("Отримайте …"), after "за"/"на", or after a colon —
 * never after a preposition that needs the genitive ("до", "з", "від").
 * Address: polite "ви" (Увійдіть, Ваш), as stores use.
 */
const uk: Messages = {
  launcherMember: '{launcher}, {points}',
  title: 'Бонуси',
  close: 'Закрити',
  back: 'Назад',
  points: { one: '# бал', few: '# бали', many: '# балів', other: '# бала' },
  loading: 'Завантаження…',
  retry: 'Повторити',
  updated: 'Немає зв’язку — оновлено {time}',

  // home
  joinBonus: 'Отримайте {points} за вступ',
  joinPitch: 'Отримуйте бали за кожне замовлення й обмінюйте їх на винагороди.',
  join: 'Приєднатися',
  signInHint: 'Уже учасник? Увійдіть в акаунт магазину, щоб побачити свої бали.',
  hello: 'Вітаємо, {name}',
  helloNoName: 'З поверненням',
  balance: 'Ваш баланс',
  tier: 'Рівень {tier}',
  toNextTier: 'Ще {points} до рівня {tier}',
  topTier: 'У вас найвищий рівень',
  welcome: 'Вітаємо! Ви отримали {points}.',
  canRedeem: 'Можна обміняти: {reward}',
  moreFor: { one: '{reward}: ще # бал', few: '{reward}: ще # бали', many: '{reward}: ще # балів', other: '{reward}: ще # бала' },
  moreForMoney: {
    one: '{reward}: ще # бал — це покупки приблизно на {money}',
    few: '{reward}: ще # бали — це покупки приблизно на {money}',
    many: '{reward}: ще # балів — це покупки приблизно на {money}',
    other: '{reward}: ще # бала — це покупки приблизно на {money}',
  },
  campaign: '{name} — до {date}',
  expiring: { one: '# бал згорить {date}', few: '# бали згорять {date}', many: '# балів згорять {date}', other: '# бала згорять {date}' },
  invited: 'Друг запросив вас: {offer} за вступ.',

  // navigation (view names)
  earn: 'Як отримати бали',
  rewards: 'Винагороди',
  offers: 'Пропозиції для учасників',
  badges: 'Значки',
  referral: 'Запросити друга',
  activity: 'Історія',
  tiers: 'Рівні',
  profile: 'Ваш профіль',

  // errors, by code: what happened and what to do
  err_email_taken: 'Цей email уже в програмі. Увійдіть в акаунт магазину, щоб побачити бали.',
  err_rate_limited: 'Забагато спроб. Спробуйте через {seconds} с.',
  err_network_error: 'Не вдалося зв’язатися із сервісом. Перевірте інтернет і спробуйте ще раз.',
  err_timeout: 'Сервіс довго не відповідає. Спробуйте за хвилину.',
  err_unauthorized: 'Сеанс завершився. Увійдіть знову, щоб побачити бали.',
  err_invalid_request: 'Деякі поля заповнено неправильно. Перевірте їх і спробуйте ще раз.',
  err_default: 'Сталася помилка з нашого боку. Ваші бали в безпеці — спробуйте ще раз.',

  // secondary views (en: src/i18n/en/views.ts)
  // signup
  email: 'Ел. пошта',
  name: 'Ім’я (необов’язково)',
  birthday: 'День народження (необов’язково)',
  terms: 'Приймаю {terms}',
  termsLink: 'умови програми',
  marketing: 'Надсилати новини та пропозиції на email (необов’язково)',
  refCode: 'Код запрошення (необов’язково)',
  submit: 'Приєднатися',
  submitting: 'Надсилання…',
  errEmail: 'Введіть email у форматі name@example.com',
  errTerms: 'Прийміть умови програми',
  errBirthday: 'Введіть дату в минулому',

  // earn
  perEuro: '{points} за покупки на {money}',
  tierBoost: 'Рівень {tier}: бали за замовлення ×{n}',
  claim: 'Отримати {points}',
  follow: 'Підписатися: +{points}',
  done: 'Виконано',
  joinToClaim: 'Приєднатися й отримати',
  claimed: '+{points} — дякуємо!',

  // rewards
  worthOff: 'Знижка {value}',
  redeem: 'Обміняти',
  needMore: { one: 'Ще # бал', few: 'Ще # бали', many: 'Ще # балів', other: 'Ще # бала' },
  confirm: 'Обміняти {points} на «{reward}»?',
  confirmYes: 'Так, обміняти',
  cancel: 'Скасувати',
  redeeming: 'Обмін…',
  yourCode: 'Ваш код на «{reward}»',
  thanks: 'Дякуємо! {points} передано на благодійність.',
  copy: 'Копіювати',
  copied: 'Скопійовано',
  copyFailed: 'Не вдалося скопіювати',
  copyCode: 'Копіювати код {code}',
  coupons: 'Ваші купони',
  noCoupons: 'Купонів ще немає. Обміняйте бали на винагороду.',
  validUntil: 'Дійсний до {date}',
  used: 'Використано',
  expired: 'Термін минув',
  joinToRedeem: 'Приєднатися й отримати винагороди',

  // marketing consent (a member's home)
  emailOffers: 'Надсилати новини та пропозиції на email',
  saving: 'Збереження…',
  saved: 'Збережено',

  // referral
  referralPitch: 'Другу — {offer}, вам — {points} після його першої покупки.',
  yourLink: 'Посилання для друзів',
  copyLink: 'Копіювати посилання',
  share: 'Поділитися',
  shareText: 'Приєднуйся до програми {program} — тебе чекає {offer}:',
  friendsJoined: { one: '# друг приєднався', few: '# друзі приєдналися', many: '# друзів приєдналися', other: '# друга приєдналися' },
  pointsEarned: 'За запрошення: {points}',
  joinToRefer: 'Приєднатися й отримати посилання',

  // activity
  noActivity: 'Історія поки порожня.',
  loadMore: 'Показати ще',

  // tiers
  tierFrom: 'Треба набрати {points} за весь час',
  tierMultiplier: 'Бали за замовлення ×{n}',
  yourTier: 'Ваш рівень',

  // offers
  offersNone: 'Пропозицій поки немає. Нові з’являться тут.',
  offerFrom: 'З {date}',
  offerUntil: 'До {date}',
  offerLocked: 'Доступно з рівня {tier}',
  joinToUnlock: 'Приєднатися, щоб відкрити',
  shopOffer: 'Скористатися: {offer}',

  // badges
  badgesNone: 'У програмі поки немає значків.',
  badgesCount: 'Отримано {n} з {total}',
  badgeEarned: 'Отримано {date}',
  badge_orders: { one: 'Зробіть # замовлення', few: 'Зробіть # замовлення', many: 'Зробіть # замовлень', other: 'Зробіть # замовлення' },
  badge_referrals: {
    one: 'Запросіть # друга, що замовить',
    few: 'Запросіть # друзів, що замовлять',
    many: 'Запросіть # друзів, що замовлять',
    other: 'Запросіть # друга, що замовить',
  },
  badge_birthday: 'Вкажіть день народження',
  badge_member_years: { one: 'Будьте з нами # рік', few: 'Будьте з нами # роки', many: 'Будьте з нами # років', other: 'Будьте з нами # року' },
  badge_lifetime_points: 'Наберіть {points} загалом',
  badge_tier: 'Досягніть рівня {tier}',

  // punch card (ways to earn)
  punchEvery: {
    one: 'За кожне # замовлення: {what}',
    few: 'За кожні # замовлення: {what}',
    many: 'За кожні # замовлень: {what}',
    other: 'За кожні # замовлення: {what}',
  },
  punchCount: 'Замовлень: {n} з {every}',

  // profile
  profileName: 'Ім’я',
  profileBirthday: 'День народження',
  birthdayOnce: 'День народження можна змінювати раз на рік.',
  save: 'Зберегти',
  errOnceAYear: 'День народження змінювали менш ніж рік тому.',
  errName: 'Введіть ім’я до 100 символів.',
  termsTitle: 'Умови програми',
  privacy: 'Політика конфіденційності',
  yourData: 'Ваші дані',
  download: 'Завантажити мої дані',
  deleteAccount: 'Видалити акаунт',
  deleteConfirm: 'Видалити акаунт? Бали й купони зникнуть. Це не можна скасувати.',
  deleteYes: 'Так, видалити акаунт',
  deleted: 'Ваш акаунт видалено.',

  // errors only redeeming and claiming can meet
  err_insufficient_points: 'Бракує балів для цієї винагороди.',
  err_reward_unavailable: 'Ця винагорода вже недоступна. Виберіть іншу.',
  err_already_claimed: 'Ви вже це отримали.',
}

export default uk
