import type { FileStorage } from './storage.js';

/** File storage (decorated as `app.files`). */
export interface FilesPort {
  /** Ordinary files: attachments, generated documents. Local disk under ${DATA_DIR}/files/standard. */
  storage: FileStorage;
  /**
   * Sensitive personal data (ID-card images, health records…): encrypted at rest with a key
   * derived from DATA_KEY (Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP). Under
   * ${DATA_DIR}/files/sensitive. Callers record each read in the audit log.
   */
  sensitive: FileStorage;
}

declare module 'fastify' {
  interface FastifyInstance {
    files: FilesPort;
  }
}
