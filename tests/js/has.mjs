// Clerk's `has()` (createCheckAuthorization of @clerk/shared, fed from the claims as
// @clerk/backend's signedInAuthObject feeds it) for each case (JSON lines on stdin:
// {claims, params}); prints one JSON boolean per case. Used by tests/tests/js_parity.rs.
import { createCheckAuthorization } from '@clerk/shared/authorization';
import { __experimental_JWTPayloadToAuthObjectProperties as fromClaims } from '@clerk/shared/jwtPayloadParser';
import readline from 'node:readline';

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { claims, params } = JSON.parse(line);
  const auth = fromClaims(claims);
  const has = createCheckAuthorization({
    orgId: auth.orgId,
    orgRole: auth.orgRole,
    orgPermissions: auth.orgPermissions,
    userId: auth.userId,
    factorVerificationAge: auth.factorVerificationAge,
    features: claims.fea || '',
    plans: claims.pla || '',
  });
  process.stdout.write(JSON.stringify(has(params)) + '\n');
}
