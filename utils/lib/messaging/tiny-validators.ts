import type { ValidationResult, Validator } from './validator';

/**
 * Just enough validation for messages the content script receives, in a few
 * hundred bytes instead of zod's tens of kilobytes. Each validator follows the
 * Standard Schema interface, so the messaging layer treats it like a zod schema.
 */
type Check = (value: unknown, path: string) => string | undefined;

function validator<T>(check: Check): Validator<T> & { check: Check } {
  return {
    check,
    '~standard': {
      version: 1,
      vendor: 'loupe-tiny',
      validate: (value): ValidationResult<T> => {
        const problem = check(value, 'message');
        return problem ? { issues: [{ message: problem }] } : { value: value as T };
      },
    },
  };
}

export const string = (maxLength = 8192) =>
  validator<string>((value, path) =>
    typeof value === 'string' && value.length <= maxLength
      ? undefined
      : `${path} must be a string of at most ${maxLength} characters`,
  );

export const integer = () =>
  validator<number>((value, path) => (Number.isSafeInteger(value) ? undefined : `${path} must be a whole number`));

export const boolean = () =>
  validator<boolean>((value, path) => (typeof value === 'boolean' ? undefined : `${path} must be true or false`));

/**
 * A plain object without a single key: what every message a content script answers carries. Its
 * own check, not `object({})`: the content script bundles it, in a few bytes fewer.
 */
export const empty = () =>
  validator<Record<string, never>>((value, path) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
      ? undefined
      : `${path} must be an empty object`,
  );

/** A plain object with exactly these keys (unknown keys are refused: a forged message gets no benefit of the doubt). */
export function object<S extends Record<string, Validator<unknown> & { check: Check }>>(shape: S) {
  type Out = { [K in keyof S]: S[K] extends Validator<infer T> ? T : never };
  return validator<Out>((value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
    for (const key of Object.keys(value)) if (!(key in shape)) return `${path}.${key} is not allowed`;
    for (const [key, field] of Object.entries(shape)) {
      const problem = field.check((value as Record<string, unknown>)[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  });
}
