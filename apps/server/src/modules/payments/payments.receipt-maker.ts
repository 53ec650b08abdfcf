import type { DossierSummary } from '../dossiers/dossiers.port.js';
import type { OrgPort } from '../org/org.port.js';
import type { PaperAgency } from '../papers/index.js';
import type { ProceduresPort } from '../procedures/procedures.port.js';
import type { PaymentRow } from './payments.repository.js';
import { receiptNo } from './payments.rules.js';
import { renderReceipt } from './payments.receipt.js';

/** Maps a paid payment of a dossier onto the receipt's data and renders it. */
export class ReceiptMaker {
  constructor(private readonly deps: { org: () => OrgPort; procedures: () => ProceduresPort }) {}

  /** The collecting agency as the papers print it (its parent above it, the province for the place line). */
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

  async render(dossier: DossierSummary, payment: PaymentRow): Promise<Buffer> {
    const no = receiptNo(payment);
    if (!no || !payment.paid_at) throw new Error('ReceiptMaker: payment not paid');
    const procedure = await this.deps.procedures().findRevision(dossier.procedureId, dossier.procedureRevision);
    return renderReceipt({
      agency: await this.agency(payment.agency_id),
      receiptNo: no,
      dossierCode: dossier.code,
      procedureName: dossier.procedureName,
      payerName: dossier.applicantName,
      feeName: procedure?.fees[0]?.name ?? 'Phí, lệ phí giải quyết thủ tục hành chính',
      amountVnd: payment.amount_vnd,
      paidAt: payment.paid_at,
      method: payment.method,
      reference: payment.reference,
      confirmedBy: payment.confirmed_by_name,
    });
  }
}
