/**
 * What other modules may ask of the signing module (decorated as `app.signing`). An electronic result of a
 * procedure must carry the digital signature of the competent agency and guarantee integrity, authenticity
 * and non-repudiation (Nghị định 45/2020/NĐ-CP, Điều 14 khoản 3 — per a secondary source; to confirm against
 * the official text); official
 * documents will be signed the same way (Nghị định 30/2020/NĐ-CP (article to confirm)).
 *
 * Errors: a PDF that cannot be signed → 422 (`pdf_not_signable`); the agency has no usable key
 * (production without an imported certificate, or an expired one) → 409 (`signing_key_unavailable`).
 */
export interface SigningPort {
  /** Signs the PDF (PAdES baseline B-B: CMS detached, SubFilter ETSI.CAdES.detached, signing-certificate-v2)
   *  with the agency's signing key; incremental update, the original bytes are kept. */
  signPdf(
    pdf: Buffer,
    opts: { agencyId: string; signerName: string; reason: string; location?: string },
  ): Promise<Buffer>;
  /** Verifies every signature (byte range digest + CMS signature + certificate chain to a trusted root of ours).
   *  `signers` are the common names of the signers' certificates, in file order. */
  verifyPdf(pdf: Buffer): Promise<{ valid: boolean; signers: string[] }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    signing: SigningPort;
  }
}
