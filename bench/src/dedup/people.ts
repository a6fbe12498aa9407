// Synthetic Russian people for the dedup benchmark: surnames in their male and female forms,
// first names by gender, patronymics derived from the father's (male) first name, birth dates,
// passports, phones, INN and SNILS with valid check digits, a home address. Person number `i` of a
// seed is always the same person (drawn from its own PRNG), so a million can be streamed into the
// database without holding them in memory.
import { randomInn, randomMobilePhone, randomPassport, randomSnils } from "./identifiers.ts";
import { Random } from "./random.ts";

export type Gender = "M" | "F";

/** A list written as words (one name per word), so that it reads as a page, not a column. */
const words = (text: string) => text.trim().split(/\s+/);

// Male forms; the female form is derived (surnameOf). Several hold "ё", which the key reads as
// "е" and a partner often types as "е".
export const SURNAMES: readonly string[] = words(`
  Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов
  Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев
  Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев
  Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин
  Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов
  Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов
  Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев
  Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев
  Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев
  Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков
  Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов
  Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов Ерёмин
  Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов Прокофьев
  Харитонов Князев Цветков Левин Митрофанов Воронцов Аксёнов Софронов Мальцев Логинов
  Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Дёмин Хохлов
  Жданов Островский Вишневский Ковальский Зелинский Высоцкий Трубецкой Шевченко Бондаренко
  Коваленко Кравченко Черных Седых Долгих Толстой
`);

export const MALE_NAMES: readonly string[] = words(`
  Александр Алексей Андрей Антон Артём Борис Вадим Валерий Василий Виктор Виталий Владимир
  Владислав Вячеслав Геннадий Георгий Григорий Денис Дмитрий Евгений Егор Иван Игорь Илья
  Кирилл Константин Лев Леонид Максим Матвей Михаил Никита Николай Олег Павел Пётр Роман
  Руслан Семён Сергей Станислав Степан Тимофей Фёдор Юрий Ярослав Анатолий Аркадий Богдан
  Глеб Даниил Марк Эдуард Тимур
`);

export const FEMALE_NAMES: readonly string[] = words(`
  Анастасия Анна Алёна Алина Валентина Валерия Вера Виктория Галина Дарья Екатерина Елена
  Елизавета Жанна Зоя Ирина Кристина Ксения Лариса Любовь Людмила Маргарита Марина Мария
  Надежда Наталья Нина Оксана Олеся Ольга Полина Светлана Софья Татьяна Ульяна Юлия Яна Алла
  Вероника Диана Инна Карина Лидия Майя Нелли Раиса Тамара Эльвира Ангелина Варвара Ева
  Злата Милана Таисия
`);

// Patronymics the regular rule gets wrong: [male, female].
const PATRONYMIC_EXCEPTIONS: Record<string, [string, string]> = {
  Дмитрий: ["Дмитриевич", "Дмитриевна"],
  Илья: ["Ильич", "Ильинична"],
  Никита: ["Никитич", "Никитична"],
  Лев: ["Львович", "Львовна"],
  Павел: ["Павлович", "Павловна"],
  Пётр: ["Петрович", "Петровна"],
};

/** The patronymic a child of `father` carries: "-ович"/"-овна", "-евич"/"-евна" after "й". */
export function patronymicOf(father: string, gender: Gender): string {
  const exception = PATRONYMIC_EXCEPTIONS[father];
  if (exception) return gender === "M" ? exception[0] : exception[1];
  let stem: string;
  if (father.endsWith("ий")) stem = `${father.slice(0, -2)}ье`;
  else if (father.endsWith("й")) stem = `${father.slice(0, -1)}е`;
  else stem = `${father}о`;
  return `${stem}${gender === "M" ? "вич" : "вна"}`;
}

/** A surname in the person's gender: "Иванов" -> "Иванова", "Островский" -> "Островская". */
export function surnameOf(male: string, gender: Gender): string {
  if (gender === "M") return male;
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return `${male}а`;
  if (/(ский|цкий)$/.test(male)) return `${male.slice(0, -2)}ая`;
  if (male.endsWith("ой")) return `${male.slice(0, -2)}ая`;
  return male; // -енко, -их/-ых: the same for both
}

const CITIES = [
  "Москва",
  "Санкт-Петербург",
  "Новосибирск",
  "Екатеринбург",
  "Казань",
  "Самара",
  "Омск",
  "Уфа",
];
const STREETS = [
  "Ленина",
  "Мира",
  "Советская",
  "Садовая",
  "Школьная",
  "Лесная",
  "Гагарина",
  "Молодёжная",
];

export type Person = {
  /** Number of the person in the generated population (the base's clients are 0..N-1). */
  id: number;
  gender: Gender;
  /** Index into SURNAMES (the family) and MALE_NAMES (the father): what twins share. */
  surname: number;
  father: number;
  lastName: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  passportSeries: string;
  passportNumber: string;
  mobilePhone: string;
  inn: string;
  snils: string;
  address: string;
};

// Ages are counted from a fixed day, not today, so that a seed gives the same dates every year.
const REFERENCE_DAY = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

export function birthDateFor(random: Random): string {
  const ageDays = random.between(18 * 365, 75 * 365);
  return new Date(REFERENCE_DAY - ageDays * DAY_MS).toISOString().slice(0, 10);
}

export function randomAddress(random: Random): string {
  return `г. ${random.pick(CITIES)}, ул. ${random.pick(STREETS)}, д. ${random.between(1, 150)}, кв. ${random.between(1, 300)}`;
}

/** Spreads (seed, i) over the PRNG's state space, so that neighbouring people are unrelated. */
function mix(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A first name of the gender, from its own list. */
export function firstNameFor(random: Random, gender: Gender): string {
  return random.pick(gender === "M" ? MALE_NAMES : FEMALE_NAMES);
}

/** Person `id` of the population of `seed`: always the same person. */
export function personAt(seed: number, id: number): Person {
  const random = new Random(mix(seed, id));
  const gender: Gender = random.chance(0.5) ? "M" : "F";
  const surname = random.int(SURNAMES.length);
  const father = random.int(MALE_NAMES.length);
  const passport = randomPassport(random);
  return {
    id,
    gender,
    surname,
    father,
    lastName: surnameOf(SURNAMES[surname]!, gender),
    firstName: firstNameFor(random, gender),
    patronymic: patronymicOf(MALE_NAMES[father]!, gender),
    birthDate: birthDateFor(random),
    passportSeries: passport.series,
    passportNumber: passport.number,
    mobilePhone: randomMobilePhone(random),
    inn: randomInn(random),
    snils: randomSnils(random),
    address: randomAddress(random),
  };
}
