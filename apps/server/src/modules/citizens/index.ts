import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { citizenPages } from './citizens.pages.js';
import { CitizensRepository } from './citizens.repository.js';
import { citizensRoutes } from './citizens.routes.js';
import { CitizensService } from './citizens.service.js';
import { idCardPages } from './id-card.pages.js';
import { IdCardRepository } from './id-card.repository.js';
import { idCardRoutes } from './id-card.routes.js';
import { IdCardService } from './id-card.service.js';
import { oidcRoutes } from './oidc.routes.js';
import { OidcService } from './oidc.service.js';
import { OtpService } from './otp.service.js';

/**
 * Citizen accounts: one-time-code sign-in by phone or e-mail, sign-in through an OpenID Connect
 * provider, the citizen's own data (see, export, ask to correct), ID-card images (encrypted, every read
 * logged), and the portal pages /dang-nhap, /tai-khoan, /dang-xuat. Decorates `app.citizens` (citizens.port.ts).
 */
export default fp(
  async (app: FastifyInstance) => {
    const repo = new CitizensRepository(app.database.db);
    const citizens = new CitizensService(app, repo);
    const otp = new OtpService(app, repo);
    const oidc = new OidcService(app, repo);
    const idCards = new IdCardService(app, new IdCardRepository(app.database.db));
    app.decorate('citizens', citizens);
    await app.register(citizensRoutes({ otp, citizens, idCards }), { prefix: '/api/v1' });
    await app.register(oidcRoutes(oidc), { prefix: '/api/v1' });
    // ID-card images (sensitive personal data): own plugin scopes, the only ones accepting multipart.
    await app.register(idCardRoutes(idCards), { prefix: '/api/v1' });
    await app.register(citizenPages({ otp, citizens, oidc, idCards }));
    await app.register(idCardPages(idCards));
  },
  { name: 'saola-citizens', dependencies: ['saola-database'] },
);
