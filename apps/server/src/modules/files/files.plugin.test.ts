import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModuleTestApp, type ModuleTestApp } from '../notifications/notifications.test-app.js';
import { readAll } from './storage.js';

describe('app.files', () => {
  let t: ModuleTestApp;
  beforeAll(async () => {
    t = await createModuleTestApp();
  });
  afterAll(async () => t.close());

  it('keeps ordinary files under DATA_DIR/files/standard and sensitive ones encrypted under DATA_DIR/files/sensitive', async () => {
    const root = path.join(t.config.dataDir, 'files');
    await t.app.files.storage.put('bien-nhan/1.txt', Buffer.from('Giấy tiếp nhận hồ sơ'), {
      contentType: 'text/plain',
    });
    expect(fs.readFileSync(path.join(root, 'standard/objects/bien-nhan/1.txt'), 'utf8')).toBe('Giấy tiếp nhận hồ sơ');

    await t.app.files.sensitive.put('cccd/1.jpg', Buffer.from('số CCCD 044099001234'), { contentType: 'image/jpeg' });
    const raw = fs.readFileSync(path.join(root, 'sensitive/objects/cccd/1.jpg'));
    expect(raw.includes(Buffer.from('044099001234'))).toBe(false);
    expect((await readAll(await t.app.files.sensitive.get('cccd/1.jpg'))).toString()).toBe('số CCCD 044099001234');
  });
});
