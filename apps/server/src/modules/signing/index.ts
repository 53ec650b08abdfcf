import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, conflict } from '../../http/errors.js';
import { SYSTEM_ACTOR } from '../../http/request-context.js';
import { DatabaseKeySource, SigningKeyUnavailableError } from './key-store.js';
import { PdfSigningError } from './pdf-incremental.js';
import { SigningRepository } from './signing.repository.js';
import type { SigningPort } from './signing.port.js';
import { signingRoutes } from './signing.routes.js';
import { SigningService } from './signing.service.js';

/** Builds the module's service on an app (also used by the `saola signing` CLI). */
export function createSigningService(app: FastifyInstance): SigningService {
  const repo = new SigningRepository(app.database.db);
  const keys = new DatabaseKeySource({
    repo,
    dataKey: app.config.dataKey,
    allowDemo: app.config.env !== 'production',
    findAgency: (id) => app.org.findAgency(id),
    clock: () => app.clock(),
    onDemoKeyIssued: async (agencyId, subject) => {
      await app.audit.record(SYSTEM_ACTOR, {
        action: 'signing.demo_key_issue',
        entityType: 'signing_key',
        entityId: null,
        agencyId,
        after: { subject, note: 'Chứng thư thử nghiệm, không có giá trị pháp lý' },
      });
    },
  });
  return new SigningService({
    repo,
    keys,
    dataKey: app.config.dataKey,
    audit: () => app.audit,
    clock: () => app.clock(),
  });
}

/**
 * Signing module: PAdES signatures of the agencies on PDFs (electronic results of dossiers, later official
 * documents). Decorates `app.signing` (signing.port.ts) and serves POST /api/v1/signing/verify.
 * Design: docs/adr/0006-pades-signing.md.
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = createSigningService(app);
    const port: SigningPort = {
      async signPdf(pdf, opts) {
        try {
          return await service.signPdf(pdf, opts);
        } catch (error) {
          if (error instanceof PdfSigningError) {
            throw new AppError(422, 'pdf_not_signable', error.message);
          }
          if (error instanceof SigningKeyUnavailableError) throw conflict(error.message, 'signing_key_unavailable');
          throw error;
        }
      },
      async verifyPdf(pdf) {
        const report = await service.verifyPdf(pdf);
        return { valid: report.valid, signers: report.signers };
      },
    };
    app.decorate('signing', port);
    await app.register(signingRoutes(service), { prefix: '/api/v1' });
  },
  { name: 'saola-signing', dependencies: ['saola-database', 'saola-org', 'saola-audit'] },
);
