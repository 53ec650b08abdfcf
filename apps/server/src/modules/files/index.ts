import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EncryptedFileStorage, parseDataKey } from './encrypted-storage.js';
import type { FilesPort } from './files.port.js';
import { LocalFileStorage } from './storage.js';

/** File storage: decorates `app.files` ({ storage, sensitive }) on the local disk under DATA_DIR. */
export default fp(
  async (app: FastifyInstance) => {
    const root = path.join(app.config.dataDir, 'files');
    const files: FilesPort = {
      storage: new LocalFileStorage(path.join(root, 'standard')),
      sensitive: new EncryptedFileStorage(
        new LocalFileStorage(path.join(root, 'sensitive')),
        parseDataKey(app.config.dataKey),
      ),
    };
    app.decorate('files', files);
  },
  { name: 'saola-files', dependencies: ['saola-database'] },
);
