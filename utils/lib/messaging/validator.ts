/**
 * The one thing the messaging layer needs of a schema: the Standard Schema
 * `validate` method. zod 4 schemas have it; so do the tiny hand-written
 * validators the content script uses to stay small (no zod on every page).
 */
export interface Validator<T> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => ValidationResult<T> | Promise<ValidationResult<T>>;
  };
}

export type ValidationResult<T> =
  { readonly value: T; readonly issues?: undefined } | { readonly issues: ReadonlyArray<{ readonly message: string }> };

export type Infer<V> = V extends Validator<infer T> ? T : never;

/** Validates and returns the value, or throws with the issues joined into one readable line. */
export async function validate<T>(validator: Validator<T>, value: unknown): Promise<T> {
  const result = await validator['~standard'].validate(value);
  if (result.issues) throw new TypeError(result.issues.map((issue) => issue.message).join('; '));
  return result.value;
}
