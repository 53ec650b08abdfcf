import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { FieldError } from '../../http/errors.js';
import { CitizenDossiers } from './dossier-citizen.js';
import { dossierFilesRoutes } from './dossier-files.routes.js';
import { DossierFilesService, type SigningLike } from './dossier-files.service.js';
import { DossierPapers } from './dossier-papers.js';
import { setupDossierStatistics } from './dossier-stats.setup.js';
import { dossierPapersRoutes } from './dossier-papers.routes.js';
import type { DossiersPort } from './dossiers.port.js';
import { dossiersRoutes } from './dossiers.routes.js';
import { dossierTransferTargetsRoutes } from './dossier-transfer-targets.routes.js';
import { dossierAssigneesRoutes } from './dossier-assignees.routes.js';
import { dossierReceptionTargetsRoutes } from './dossier-reception-targets.routes.js';
import { DossiersService } from './dossiers.service.js';
import { DossierNotifier } from './dossier-notify.js';

/**
 * Dossiers (hồ sơ thủ tục hành chính, issue 3 §2, §4): counter reception with national codes,
 * the officers' inbox, the state machine's actions and the papers. No port yet.
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new DossiersService({
      db: app.database.db,
      audit: () => app.audit,
      org: () => app.org,
      procedures: () => app.procedures,
      calendar: () => app.calendar,
      clock: () => app.clock(),
      inboxCacheEntries: app.config.inboxCacheEntries,
      // attach_result accepts only result files of the same dossier (dossier-files.service.ts).
      resultFiles: (dossierId: string, ids: string[]): Promise<FieldError[]> =>
        files.resultFileProblems(dossierId, ids),
      // E-mail/SMS to the applicant at each milestone (dossier-notify.ts); ports resolved at request time.
      notifier: new DossierNotifier({
        notifications: () => (app as Partial<Pick<FastifyInstance, 'notifications'>>).notifications,
        privacy: () => (app as Partial<Pick<FastifyInstance, 'privacy'>>).privacy,
        org: () => app.org,
        publicUrl: app.config.publicUrl,
        clock: () => app.clock(),
        log: app.log.child({ module: 'dossiers' }),
      }),
    });
    const files: DossierFilesService = new DossierFilesService({
      db: app.database.db,
      dossiers: service,
      files: () => app.files,
      // The signing port (modules/signing, engineer S), resolved at request time; absent → 503 on sign=true.
      signing: () => (app as unknown as { signing?: SigningLike }).signing,
      audit: () => app.audit,
      org: () => app.org,
      clock: () => app.clock(),
    });
    const papers = new DossierPapers(service, {
      org: () => app.org,
      calendar: () => app.calendar,
      clock: () => app.clock(),
      publicUrl: app.config.publicUrl,
      db: app.database.db,
    });
    const statistics = setupDossierStatistics(app);
    const port: DossiersPort = {
      submitOnline: (input) => service.submitOnline(input),
      statistics,
      // The applicant's side (issue 4 §1: portal filing, my dossiers, lookup, supplement, results).
      citizen: new CitizenDossiers(
        {
          db: app.database.db,
          audit: () => app.audit,
          org: () => app.org,
          procedures: () => app.procedures,
          calendar: () => app.calendar,
          clock: () => app.clock(),
          files: () => app.files,
          submitOnline: (input, inTransaction) => service.submitOnline(input, inTransaction),
        },
        service.repo,
        files.repo,
      ),
      findSummary: async (code) => {
        const row = await service.repo.findByCode(code);
        if (!row) return null;
        const applicant = row.applicant as { name?: string };
        return {
          id: row.id,
          code: row.code,
          procedureId: row.procedure_id,
          procedureRevision: row.procedure_revision,
          procedureCode: row.procedure_code,
          procedureName: row.procedure_name,
          receivingAgencyId: row.receiving_agency_id,
          currentAgencyId: row.current_agency_id,
          applicantCitizenId: row.applicant_citizen_id,
          applicantName: applicant.name ?? '',
          status: row.status,
        };
      },
      inboxCacheStats: () => ({
        hits: service.inboxCache.hits,
        misses: service.inboxCache.misses,
        entries: service.inboxCache.size,
      }),
    };
    app.decorate('dossiers', port);
    await app.register(dossiersRoutes(service, statistics), { prefix: '/api/v1' });
    await app.register(dossierTransferTargetsRoutes(service), { prefix: '/api/v1' });
    await app.register(dossierAssigneesRoutes(service), { prefix: '/api/v1' });
    await app.register(dossierReceptionTargetsRoutes(), { prefix: '/api/v1' });
    await app.register(dossierFilesRoutes(files), { prefix: '/api/v1' });
    await app.register(dossierPapersRoutes(papers), { prefix: '/api/v1' });
  },
  { name: 'saola-dossiers', dependencies: ['saola-database', 'saola-org', 'saola-procedures', 'saola-calendar'] },
);
