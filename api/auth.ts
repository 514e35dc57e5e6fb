/**
 * Bearer-token authentication (JWT HS256 via jose). A token carries the user's id, name, roles and departments.
 * Authorisation decisions live in `authorize` so every route asks the same question the same way.
 */
import type { NextFunction, Request, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Actor, Role } from '../workflows/shared/dossier';
import { problems } from './problem';

const ISSUER = 'mot-cua-router';

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  roles: z.array(z.enum(['reception', 'officer', 'head', 'supervisor', 'auditor', 'admin'])).min(1),
  departments: z.array(z.string()).default([]),
});

export async function issueToken(
  secret: string,
  user: { id: string; name?: string; roles: Role[]; departments: string[] },
  ttl = '8h',
): Promise<string> {
  return new SignJWT({ name: user.name, roles: user.roles, departments: user.departments })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

export function authenticate(secret: string) {
  const key = new TextEncoder().encode(secret);
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return next(problems.unauthorized('Thiếu mã xác thực Bearer (missing bearer token)'));
    try {
      const { payload } = await jwtVerify(header.slice(7), key, { issuer: ISSUER, algorithms: ['HS256'] });
      const claims = claimsSchema.parse(payload);
      req.actor = { userId: claims.sub, name: claims.name, roles: claims.roles, departments: claims.departments };
      next();
    } catch {
      next(problems.unauthorized('Mã xác thực không hợp lệ hoặc đã hết hạn (invalid or expired token)'));
    }
  };
}

/** Route guard: the actor must hold at least one of the roles. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const actor = req.actor;
    if (!actor) return next(problems.unauthorized('Chưa xác thực'));
    if (!roles.some((r) => actor.roles.includes(r))) {
      return next(problems.forbidden(`Chức năng này dành cho vai trò: ${roles.join(', ')} (requires role)`));
    }
    next();
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
      id?: string;
    }
  }
}
