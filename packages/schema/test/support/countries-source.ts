// The country list as the i18n-iso-countries package gives it: the generator writes it out, and
// a test compares the shipped file with it. Of a country's Russian names the shortest is the one
// people use («Россия», not «Российская Федерация»; «Тайвань»).
import countries from "i18n-iso-countries";
import ru from "i18n-iso-countries/langs/ru.json" with { type: "json" };

export function countryEntries(): { id: number; name: string }[] {
  countries.registerLocale(ru);
  const names = countries.getNames("ru", { select: "all" });
  return Object.entries(names)
    .map(([alpha2, all]) => {
      const name = [...all].sort((a, b) => a.length - b.length)[0];
      const numeric = countries.alpha2ToNumeric(alpha2);
      if (!name || !numeric)
        throw new Error(`i18n-iso-countries has no name or code for ${alpha2}`);
      return { id: Number(numeric), name };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "ru"));
}
