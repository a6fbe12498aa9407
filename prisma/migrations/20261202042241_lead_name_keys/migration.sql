-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "keyFirstName" TEXT,
ADD COLUMN     "keyLastName" TEXT,
ADD COLUMN     "keyPatronymic" TEXT;

-- CreateIndex
CREATE INDEX "Lead_keyLastName_keyFirstName_idx" ON "Lead"("keyLastName", "keyFirstName");

-- Fill the existing leads with what normalizeName (packages/schema/src/identity-key.ts) gives: NFC,
-- trimmed, inner whitespace as one space, lower case (Cyrillic spelled out, whatever the
-- database's collation does with it), "ё" read as "е". New writes get them from searchColumns.
UPDATE "Lead" SET
  "keyLastName" = NULLIF(replace(lower(translate(regexp_replace(btrim(normalize("lastName", NFC)), '\s+', ' ', 'g'), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ', 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя')), 'ё', 'е'), ''),
  "keyFirstName" = NULLIF(replace(lower(translate(regexp_replace(btrim(normalize("firstName", NFC)), '\s+', ' ', 'g'), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ', 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя')), 'ё', 'е'), ''),
  "keyPatronymic" = NULLIF(replace(lower(translate(regexp_replace(btrim(normalize(patronymic, NFC)), '\s+', ' ', 'g'), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ', 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя')), 'ё', 'е'), '');
