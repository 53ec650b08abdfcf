import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { dataKeyBytes, open, seal } from '../auth/secret-box.js';
import type { AgencySummary } from '../org/org.port.js';
import { createDemoCa, derToPem, issueDemoAgencyCertificate, pemToDers } from './certificates.js';
import { sha256 } from './cms.js';
import type { SigningRepository } from './signing.repository.js';

/** What a signature needs: the private key and the certificate chain (signer first). */
export interface SigningMaterial {
  privateKey: KeyObject;
  certificateDer: Buffer;
  chainDer: Buffer[];
}

/**
 * Where signing keys come from. The database-backed source below keeps software keys sealed with
 * DATA_KEY; an HSM, a USB token or a remote signing service (ký số từ xa) would be another
 * implementation of this interface (it would sign a digest instead of handing out a key: change
 * `privateKey` into a `sign(data)` function then). Not built yet — see docs/adr/0006-pades-signing.md.
 */
export interface SigningKeySource {
  /** The agency's active key; in development and tests a demo certificate is issued on first need. */
  keyFor(agencyId: string): Promise<SigningMaterial>;
  /** Roots a signature must chain to (DER). */
  trustedRoots(): Promise<Buffer[]>;
}

export class SigningKeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyUnavailableError';
  }
}

export const fingerprintOf = (der: Buffer) => sha256(der).toString('hex');
export const keyPurpose = (fingerprint: string) => `signing-key:${fingerprint}`;

export function sealPrivateKey(dataKey: string, key: KeyObject, fingerprint: string): string {
  const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
  return seal(dataKeyBytes(dataKey), pem, keyPurpose(fingerprint));
}

export function openPrivateKey(dataKey: string, sealed: string, fingerprint: string): KeyObject {
  return createPrivateKey(open(dataKeyBytes(dataKey), sealed, keyPurpose(fingerprint)));
}

interface Deps {
  repo: SigningRepository;
  dataKey: string;
  /** Demo certificates may be issued (never in production). */
  allowDemo: boolean;
  findAgency(agencyId: string): Promise<AgencySummary | null>;
  clock(): Date;
  /** Called once when a demo key was created (the module writes an audit row). */
  onDemoKeyIssued?(agencyId: string, subject: string): Promise<void>;
}

export class DatabaseKeySource implements SigningKeySource {
  private demoCa: Promise<{ certificateDer: Buffer; privateKey: KeyObject }> | null = null;

  constructor(private readonly deps: Deps) {}

  async keyFor(agencyId: string): Promise<SigningMaterial> {
    const row = await this.deps.repo.findActiveKey(agencyId);
    if (row) return this.material(row);
    if (!this.deps.allowDemo) {
      throw new SigningKeyUnavailableError(
        'Cơ quan chưa có chứng thư chữ ký số. Quản trị viên cần nhập tệp PKCS#12 bằng lệnh "saola signing import".',
      );
    }
    const agency = await this.deps.findAgency(agencyId);
    if (!agency) throw new SigningKeyUnavailableError('Không tìm thấy cơ quan ký.');
    const ca = await this.ensureDemoCa();
    const issued = await issueDemoAgencyCertificate(ca, agency.name, this.deps.clock());
    const x509 = new X509Certificate(issued.certificateDer);
    const fingerprint = fingerprintOf(issued.certificateDer);
    const inserted = await this.deps.repo.insertDemoKey({
      agencyId,
      subject: x509.subject,
      certificatePem: derToPem(issued.certificateDer),
      chainPem: derToPem(ca.certificateDer),
      fingerprint,
      privateKeySealed: sealPrivateKey(this.deps.dataKey, issued.privateKey, fingerprint),
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
    });
    if (inserted) await this.deps.onDemoKeyIssued?.(agencyId, x509.subject);
    // Re-read: a concurrent request may have created the agency's key first (one active key per agency).
    const created = await this.deps.repo.findActiveKey(agencyId);
    if (!created) throw new Error('signing key missing after insert');
    return this.material(created);
  }

  async trustedRoots(): Promise<Buffer[]> {
    const rows = await this.deps.repo.listAuthorities();
    // The demo CA is never trusted where demo certificates are not allowed (production).
    return rows.filter((r) => this.deps.allowDemo || r.kind !== 'demo_ca').flatMap((r) => pemToDers(r.certificate_pem));
  }

  private material(row: {
    certificate_pem: string;
    chain_pem: string;
    private_key_sealed: string;
    fingerprint_sha256: string;
    not_after: Date;
  }): SigningMaterial {
    const [certificateDer] = pemToDers(row.certificate_pem);
    if (!certificateDer) throw new Error('signing key row without certificate');
    if (row.not_after.getTime() <= this.deps.clock().getTime()) {
      throw new SigningKeyUnavailableError(
        'Chứng thư chữ ký số của cơ quan đã hết hạn. Quản trị viên cần nhập chứng thư mới.',
      );
    }
    return {
      privateKey: openPrivateKey(this.deps.dataKey, row.private_key_sealed, row.fingerprint_sha256),
      certificateDer,
      chainDer: pemToDers(row.chain_pem),
    };
  }

  private ensureDemoCa(): Promise<{ certificateDer: Buffer; privateKey: KeyObject }> {
    this.demoCa ??= this.loadOrCreateDemoCa().catch((error: unknown) => {
      this.demoCa = null;
      throw error;
    });
    return this.demoCa;
  }

  private async loadOrCreateDemoCa() {
    let row = await this.deps.repo.findDemoCa();
    if (!row) {
      const ca = await createDemoCa(this.deps.clock());
      const x509 = new X509Certificate(ca.certificateDer);
      const fingerprint = fingerprintOf(ca.certificateDer);
      row = await this.deps.repo.insertDemoCa({
        subject: x509.subject,
        certificatePem: derToPem(ca.certificateDer),
        fingerprint,
        privateKeySealed: sealPrivateKey(this.deps.dataKey, ca.privateKey, fingerprint),
        notAfter: new Date(x509.validTo),
      });
    }
    const [certificateDer] = pemToDers(row.certificate_pem);
    if (!certificateDer || !row.private_key_sealed) throw new Error('demo CA row incomplete');
    return {
      certificateDer,
      privateKey: openPrivateKey(this.deps.dataKey, row.private_key_sealed, row.fingerprint_sha256),
    };
  }
}
