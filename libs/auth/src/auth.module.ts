import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EngineConfig } from '@asc/config';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

/**
 * Sign-in for every route: provides the TokenVerifier built from EngineConfig (HS256 embedded
 * mode, or OIDC JWKS when AUTH_JWKS_URL is set) and installs AuthGuard globally, so every route
 * needs a token unless it is `@Public()`. Needs EngineConfig (EngineConfigModule) in the app.
 */
@Global()
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [EngineConfig],
      useFactory: (config: EngineConfig) => TokenVerifier.fromConfig(config),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
