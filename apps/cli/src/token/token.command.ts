import { type Command } from 'commander';
import { isRole, issueDevToken, resolveHmacTokenKey, type Role, ROLES } from '@asc/auth';
import { loadEngineConfig } from '@asc/config';

const stderr = { log: (m: string) => console.error(m), warn: (m: string) => console.error(m) };

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description(
      'Print a signed bearer token for a named user, for trying the API by hand on the embedded default ' +
        '(HS256 with AUTH_JWT_SECRET or the secret kept in DATA_DIR). With an OIDC provider, get tokens from it instead.',
    )
    .requiredOption('--sub <id>', 'subject id: what the events record as the actor')
    .option('--name <name>', 'display name')
    .option('--email <email>', 'email address')
    .requiredOption('--roles <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .option('--ttl <span>', 'lifetime, e.g. 30m, 8h, 7d', '8h')
    .action(
      async (options: {
        sub: string;
        name?: string;
        email?: string;
        roles: string;
        ttl: string;
      }) => {
        const roles = options.roles.split(',').map((r) => r.trim());
        const unknown = roles.filter((r) => !isRole(r));
        if (unknown.length > 0)
          throw new Error(`unknown role(s): ${unknown.join(', ')}; use ${ROLES.join(', ')}`);
        const key = resolveHmacTokenKey(loadEngineConfig(process.env), stderr);
        const token = await issueDevToken(
          {
            sub: options.sub,
            name: options.name,
            email: options.email,
            roles: roles as Role[],
            ttl: options.ttl,
          },
          key,
        );
        console.log(token);
      },
    );
}
