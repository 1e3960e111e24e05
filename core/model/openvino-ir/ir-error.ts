import { UserError } from '../../api/errors';

/**
 * Every problem with an IR file is reported the same way — file, place, what was expected,
 * what was found — so people can go straight to the spot in the XML.
 */
export function irError(
  file: string,
  place: string,
  expected: string,
  found?: string,
  detail?: string,
): UserError {
  const tail = found === undefined ? '' : `, found ${found}`;
  return new UserError('BadModel', `${file}, ${place}: expected ${expected}${tail}`, detail);
}

/** Quote a found value for a message, shortening huge ones so messages stay readable. */
export function shown(value: string): string {
  const short = value.length > 60 ? value.slice(0, 57) + '...' : value;
  return JSON.stringify(short);
}
