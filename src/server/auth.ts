/** Bearer-token checks for write routes. Without a configured token the server refuses every write. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { FlywheelError } from '../core/index.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A check of the Authorization header of a write request; throws when it may not write. */
export function writeGuard(token: string | undefined): (authorization: string | undefined) => void {
  const expected = token === undefined ? undefined : digest(token);
  return (authorization) => {
    if (expected === undefined) {
      throw new FlywheelError('PERMISSION_DENIED', 'this server accepts no writes: no token is configured', {
        hint: 'Start `flywheel serve` with FLYWHEEL_TOKEN set (16+ visible ASCII characters; or server.token in flywheel.yaml), and send it as "Authorization: Bearer TOKEN".',
      });
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    // Compare digests of equal length in constant time, so timing reveals nothing about the token.
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
      throw new FlywheelError(
        'UNAUTHENTICATED',
        m ? 'the bearer token is wrong' : 'writes need an "Authorization: Bearer TOKEN" header',
        {
          hint: 'Send the token the server was started with (FLYWHEEL_TOKEN); MLflow clients read it from MLFLOW_TRACKING_TOKEN.',
        },
      );
    }
  };
}
