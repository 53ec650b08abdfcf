import type { Principal } from '../auth/principal.js';
import type { OrgPort } from '../org/org.port.js';
import { renderMau01 } from '../papers/index.js';
import type { PaperAgency } from '../papers/index.js';
import { applicantOf, componentsOf, processingTimeOf } from './dossier-view.js';
import type { DossiersService } from './dossiers.service.js';

/** Maps a dossier onto the papers module's inputs (Thông tư 03/2025/TT-VPCP, Phụ lục I). */
export class DossierPapers {
  constructor(
    private readonly service: DossiersService,
    private readonly deps: { org: () => OrgPort; clock: () => Date; publicUrl: string },
  ) {}

  private async agency(agencyId: string): Promise<PaperAgency> {
    const org = this.deps.org();
    const agency = await org.findAgency(agencyId);
    let top = agency;
    let parentName: string | undefined;
    for (let i = 0; top?.parentId && i < 10; i++) {
      const parent = await org.findAgency(top.parentId);
      if (i === 0 && parent) parentName = parent.name.toUpperCase();
      top = parent;
    }
    const provinceName = (top?.name ?? '').replace(/^(UBND|Ủy ban nhân dân)\s+(tỉnh|thành phố)\s+/i, '');
    return { name: agency?.name ?? '', parentName, provinceName: provinceName || (top?.name ?? '') };
  }

  /** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
  async mau01(principal: Principal | null, code: string): Promise<Buffer> {
    const { row } = await this.service.forPaper(principal, code);
    const a = applicantOf(row);
    const time = processingTimeOf(row);
    const events = await this.service.repo.events(row.id);
    const reception = events.find((e) => e.action === 'receive');
    return renderMau01({
      dossierCode: row.code,
      procedureName: row.procedure_name,
      agency: await this.agency(row.receiving_agency_id),
      applicant: {
        name: a.name,
        idNumber: a.id_number ?? undefined,
        phone: a.phone ?? undefined,
        email: a.email ?? undefined,
        address: a.address ?? undefined,
      },
      issuedAt: row.received_at,
      officerName: reception?.actor_name ?? '',
      components: componentsOf(row)
        .filter((c) => c.received)
        .map((c) => ({ name: c.name, copies: c.copies, form: c.form })),
      processingTime: { amount: time.amount, unit: time.unit === 'working_hours' ? 'working_hours' : 'working_days' },
      receivedAt: row.received_at,
      dueAt: row.original_due_at ?? row.due_at ?? row.received_at,
      resultDelivery: 'Tại Bộ phận Một cửa',
      publicUrl: this.deps.publicUrl,
    });
  }
}
