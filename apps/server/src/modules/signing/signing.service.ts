import { X509Certificate } from 'node:crypto';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import { derToPem } from './certificates.js';
import { fingerprintOf, sealPrivateKey, type SigningKeySource } from './key-store.js';
import { signPdfWith, verifyPdfWith, type VerifyReport } from './pades.js';
import { isSelfSigned, Pkcs12Error, readPkcs12 } from './pkcs12.js';
import type { SigningRepository } from './signing.repository.js';

interface Deps {
  repo: SigningRepository;
  keys: SigningKeySource;
  dataKey: string;
  audit: () => AuditPort;
  clock: () => Date;
}

export class SigningService {
  constructor(private readonly deps: Deps) {}

  async signPdf(
    pdf: Buffer,
    opts: { agencyId: string; signerName: string; reason: string; location?: string },
  ): Promise<Buffer> {
    const material = await this.deps.keys.keyFor(opts.agencyId);
    return signPdfWith(pdf, material, {
      signerName: opts.signerName,
      reason: opts.reason,
      ...(opts.location ? { location: opts.location } : {}),
      signingTime: this.deps.clock(),
    });
  }

  async verifyPdf(pdf: Buffer): Promise<VerifyReport> {
    return verifyPdfWith(pdf, await this.deps.keys.trustedRoots(), this.deps.clock());
  }

  /**
   * Imports an agency's PKCS#12 (certificate issued by a licensed CA) and makes it the agency's active
   * key. The CA's root must be in the file, in `extraRoots` (--ca) or already trusted; it becomes a
   * trusted root for verification.
   */
  async importPkcs12(
    actor: ActorContext,
    input: { agencyId: string; p12: Buffer; password: string; extraRoots?: Buffer[] },
  ): Promise<{ keyId: string; subject: string; notAfter: Date; rootSubject: string; replaced: boolean }> {
    const contents = readPkcs12(input.p12, input.password);
    const x509 = new X509Certificate(contents.certificateDer);
    const now = this.deps.clock();
    if (new Date(x509.validTo) <= now || new Date(x509.validFrom) > now) {
      throw new Pkcs12Error(`Chứng thư không còn hiệu lực (hiệu lực từ ${x509.validFrom} đến ${x509.validTo}).`);
    }
    if (x509.ca) throw new Pkcs12Error('Chứng thư trong tệp là chứng thư của CA, không phải chứng thư ký của cơ quan.');
    const chain = [...contents.chainDer];
    const last = chain[chain.length - 1] ?? contents.certificateDer;
    let root: Buffer | undefined = isSelfSigned(last) ? last : undefined;
    if (!root) {
      const trusted = await this.deps.keys.trustedRoots();
      const lastX509 = new X509Certificate(last);
      root = [...(input.extraRoots ?? []), ...trusted].find((candidate) => {
        const c = new X509Certificate(candidate);
        return lastX509.checkIssued(c) && lastX509.verify(c.publicKey);
      });
      if (!root) {
        throw new Pkcs12Error(
          'Không tìm thấy chứng thư gốc của CA đã cấp chứng thư này. Hãy cung cấp chứng thư gốc bằng tùy chọn --ca.',
        );
      }
      chain.push(root);
    }
    if (root.equals(contents.certificateDer)) {
      throw new Pkcs12Error('Chứng thư tự ký không dùng được để ký: cần chứng thư do CA cấp.');
    }
    const rootX509 = new X509Certificate(root);
    const fingerprint = fingerprintOf(contents.certificateDer);
    if (await this.deps.repo.keyExists(fingerprint)) throw new Pkcs12Error('Chứng thư này đã được nhập trước đây.');
    const result = await this.deps.repo.transaction(async (trx) => {
      await this.deps.repo.addTrustedRoot(
        {
          subject: rootX509.subject,
          certificatePem: derToPem(root),
          fingerprint: fingerprintOf(root),
          notAfter: new Date(rootX509.validTo),
        },
        trx,
      );
      const { id, previous } = await this.deps.repo.replaceActiveKey(
        {
          agencyId: input.agencyId,
          subject: x509.subject,
          certificatePem: derToPem(contents.certificateDer),
          chainPem: chain.map((c) => derToPem(c)).join(''),
          fingerprint,
          privateKeySealed: sealPrivateKey(this.deps.dataKey, contents.privateKey, fingerprint),
          notBefore: new Date(x509.validFrom),
          notAfter: new Date(x509.validTo),
        },
        trx,
      );
      await this.deps.audit().record(
        actor,
        {
          action: 'signing.key_import',
          entityType: 'signing_key',
          entityId: id,
          agencyId: input.agencyId,
          before: previous ? { id: previous.id, subject: previous.subject, source: previous.source } : undefined,
          after: {
            subject: x509.subject,
            issuer: x509.issuer,
            serialNumber: x509.serialNumber,
            notAfter: x509.validTo,
          },
        },
        trx,
      );
      return { id, replaced: previous !== undefined };
    });
    return {
      keyId: result.id,
      subject: x509.subject,
      notAfter: new Date(x509.validTo),
      rootSubject: rootX509.subject,
      replaced: result.replaced,
    };
  }
}
