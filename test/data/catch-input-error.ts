import { expect } from 'vitest';
import { InputError } from '../../src/errors.ts';

/** Run `action`, assert it throws an InputError with `code`, and return the error. */
export function catchInputError(action: () => unknown, code: string): InputError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'the call should throw an InputError').toBeInstanceOf(InputError);
  const error = thrown as InputError;
  expect(error.code).toBe(code);
  return error;
}

/** The issue codes of an error, in order. */
export function issueCodes(error: InputError): string[] {
  return error.issues.map((issue) => issue.code);
}
