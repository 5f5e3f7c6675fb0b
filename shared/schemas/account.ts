import { Type, type Static } from 'typebox';
import { KEY_ROLES, PERSON_ROLES } from '../roles.js';
import { UuidSchema } from './common.js';

/** Accounts for people: e-mail and password, a second factor for privileged roles. */

export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });
export const PasswordSchema = Type.String({
  minLength: 12,
  maxLength: 256,
  description: 'At least 12 characters',
});

export const SignUpSchema = Type.Object(
  {
    email: EmailSchema,
    password: PasswordSchema,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type SignUp = Static<typeof SignUpSchema>;

export const SignInSchema = Type.Object(
  { email: EmailSchema, password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type SignIn = Static<typeof SignInSchema>;

/** A one-time code from an authenticator app (TOTP, RFC 6238). */
export const TotpCodeSchema = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);

/** POST /api/v1/account/totp/setup: the secret to enrol, as otpauth:// URI and as text. */
export const TotpSetupSchema = Type.Object({ uri: Type.String(), secret: Type.String() });

/** GET /api/v1/session, for a person or a key (role `public` and nulls without either). */
export const AccountSessionSchema = Type.Object({
  role: Type.Enum(['public', ...PERSON_ROLES]),
  name: Type.Union([Type.String(), Type.Null()]),
  via: Type.Enum(['none', 'key', 'session']),
  userId: Type.Union([UuidSchema, Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  /** The account's role; `role` is what applies now (a privileged role needs the second factor). */
  accountRole: Type.Union([Type.Enum(PERSON_ROLES), Type.Null()]),
  secondFactor: Type.Enum(['none', 'required', 'enrolment_required', 'passed']),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});
export type AccountSession = Static<typeof AccountSessionSchema>;

/** Admin: people and their roles. */
export const UserSummarySchema = Type.Object({
  id: UuidSchema,
  email: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: Type.Enum(PERSON_ROLES),
  secondFactor: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type UserSummary = Static<typeof UserSummarySchema>;

export const RoleChangeSchema = Type.Object(
  { role: Type.Enum(PERSON_ROLES) },
  { additionalProperties: false },
);

/** Admin: machines' API keys (never the key itself after creation). */
export const ApiKeySummarySchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  role: Type.Enum(KEY_ROLES),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type ApiKeySummary = Static<typeof ApiKeySummarySchema>;

export const ApiKeyCreateSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), role: Type.Enum(KEY_ROLES) },
  { additionalProperties: false },
);

/** POST /api/v1/admin/keys: the new key, shown in this answer only (only its hash is kept). */
export const ApiKeyCreatedSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  role: Type.Enum(KEY_ROLES),
  key: Type.String(),
});
export type ApiKeyCreated = Static<typeof ApiKeyCreatedSchema>;

/** POST /api/v1/account/setup: the first admin, with the token of the printed setup link. */
export const AdminSetupSchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    email: EmailSchema,
    password: PasswordSchema,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type AdminSetup = Static<typeof AdminSetupSchema>;
