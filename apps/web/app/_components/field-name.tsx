/** A contract field name in small type, so an operator and an integrator can name the same field. */
export function FieldName({ path }: { path: string }) {
  return (
    <code className="field-name" title={`Поле контракта: ${path}`}>
      {path}
    </code>
  );
}

/** `addresses.0.fiasChain.parents.1.name` -> `addresses[0].fiasChain.parents[1].name` */
export function contractPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, segment) =>
      typeof segment === "number" ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
    "",
  );
}
