import * as v from 'valibot';
import { ROLES } from '../auth/roles';
import type { Role } from '../http/context';

const name = (what: string) => v.pipe(v.string(), v.trim(), v.nonEmpty(`Enter the ${what}.`), v.maxLength(100, `The ${what} is too long.`));

export const UserFormSchema = v.object({
  firstName: name('first name'),
  lastName: name('last name'),
  email: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter an email address.'), v.email('Enter a valid email address.'), v.maxLength(254)),
  roles: v.pipe(
    v.optional(v.union([v.string(), v.array(v.string())]), []),
    v.transform((r) => (Array.isArray(r) ? r : [r])),
    v.check((r) => r.every((x) => (ROLES as readonly string[]).includes(x)), 'Choose roles from the list.'),
    v.transform((r) => [...new Set(r)] as Role[]),
  ),
  isUserAdmin: v.pipe(v.optional(v.string(), ''), v.transform((x) => x === 'on' || x === 'true')),
  password: v.optional(v.pipe(v.string(), v.check((p) => p === '' || p.length >= 12, 'Use at least 12 characters, or leave it empty to generate one.'))),
});

export type UserFormOutput = v.InferOutput<typeof UserFormSchema>;

export const PasswordChangeSchema = v.pipe(
  v.object({
    currentPassword: v.pipe(v.string(), v.nonEmpty('Enter your current password.')),
    newPassword: v.pipe(v.string(), v.minLength(12, 'Use at least 12 characters.'), v.maxLength(200, 'Use at most 200 characters.')),
    confirmPassword: v.string(),
  }),
  v.forward(
    v.partialCheck([['newPassword'], ['confirmPassword']], (i) => i.newPassword === i.confirmPassword, 'The two new passwords differ.'),
    ['confirmPassword'],
  ),
);
