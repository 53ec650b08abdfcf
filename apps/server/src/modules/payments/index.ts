import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { fakeGateway } from './gateway-fake.js';
import { paymentPages } from './payments.pages.js';
import type { PaymentsPort } from './payments.port.js';
import { ReceiptMaker } from './payments.receipt-maker.js';
import { paymentsRoutes } from './payments.routes.js';
import { PaymentsService } from './payments.service.js';

/**
 * Fees and payments of dossiers (issue 4 §1 "Fees"): the amount due, VietQR transfers, the payment-gateway
 * adapter (gateway-vnpay.ts) with its IPN, the citizen's pay/return/receipt pages and the officers' API.
 * Decorates `app.payments` (payments.port.ts).
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new PaymentsService({
      db: app.database.db,
      config: app.config.payment,
      publicUrl: app.config.publicUrl,
      audit: () => app.audit,
      dossiers: () => app.dossiers,
      procedures: () => app.procedures,
      clock: () => app.clock(),
    });
    const receipts = new ReceiptMaker({ org: () => app.org, procedures: () => app.procedures });
    const port: PaymentsPort = { feeStatus: (code) => service.feeStatus(code) };
    app.decorate('payments', port);
    await app.register(paymentsRoutes(service, receipts), { prefix: '/api/v1' });
    await app.register(paymentPages(service, receipts));
    // The fake gateway exists only outside production (config.ts refuses its URL in production anyway).
    if (app.config.env !== 'production') {
      await app.register(
        fakeGateway({ merchantCode: app.config.payment.merchantCode, secret: app.config.payment.secret }),
      );
    }
  },
  { name: 'saola-payments', dependencies: ['saola-database', 'saola-dossiers', 'saola-procedures', 'saola-org'] },
);
