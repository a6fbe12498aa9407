// What an operator's login and password must be: one place for the domain (which enforces them),
// the API (whose zod bounds stop oversized input early) and the operators page (which checks as
// the admin types). Plain values, so a browser bundle can import them.
export const OPERATOR_ROLES = ["operator", "admin"] as const;
export type OperatorRoleName = (typeof OPERATOR_ROLES)[number];

/** Stored lower-case: 2-64 characters, starting with a letter or digit. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const LOGIN_MAX_LENGTH = 64;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Logins are case-insensitive: stored lower-case. */
export const normalizeLogin = (login: string) => login.trim().toLowerCase();
