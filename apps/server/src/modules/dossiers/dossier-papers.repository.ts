import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DossierRow, EventRow } from './dossiers.repository.js';

/** SQL of the papers that read many dossiers at once (Mẫu số 07: Sổ theo dõi hồ sơ). */
export class DossierPapersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Dossiers received in [from, to) that the agency received or that were handed to it (transfer). */
  ledgerDossiers(agencyId: string, from: Date, to: Date, limit: number): Promise<DossierRow[]> {
    return this.db
      .selectFrom('dossiers')
      .selectAll()
      .where((eb) => eb.or([eb('receiving_agency_id', '=', agencyId), eb('current_agency_id', '=', agencyId)]))
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .orderBy('received_at', 'asc')
      .orderBy('code', 'asc')
      .limit(limit)
      .execute();
  }

  /** The events of these dossiers that fill the ledger's date columns, in order. */
  async ledgerEvents(dossierIds: readonly string[]): Promise<EventRow[]> {
    if (dossierIds.length === 0) return [];
    return this.db
      .selectFrom('dossier_events')
      .selectAll()
      .where('dossier_id', 'in', [...dossierIds])
      .where('action', 'in', [
        'transfer_to_agency',
        'attach_result',
        'return_result',
        'refuse',
        'withdraw',
        'reject',
        'stop',
      ])
      .orderBy('dossier_id')
      .orderBy('seq', 'asc')
      .execute();
  }
}
