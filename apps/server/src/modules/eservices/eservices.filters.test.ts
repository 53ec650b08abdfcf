import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createCommune, createProvince, session } from '../dossiers/dossiers.factories.js';
import { createProcedure, onlineBirthRegistration } from '../procedures/procedures.factories.js';

/** The portal's filter lists (fields, agencies): read once a minute, and once for requests arriving together. */
describe('portal: procedure search filter lists', () => {
  let t: TestApp;
  let reads = 0;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-09T01:00:00Z') });
    const { province, admin } = await createProvince(t.app);
    const commune = await createCommune(t.app, province.id, 'UBND xã Bộ Lọc');
    await createProcedure(
      t.app,
      await session(t.app, admin),
      onlineBirthRegistration('Đăng ký khai sinh lọc', [commune.agency.id], 'Hộ tịch'),
      { publish: true },
    );
    const catalogue = t.app.procedures.publicCatalogue;
    const get = catalogue.get.bind(catalogue);
    catalogue.get = (code) => {
      reads += 1;
      return get(code);
    };
  }, 120_000);
  afterAll(async () => t.close());

  const page = () => t.app.inject({ method: 'GET', url: '/thu-tuc' });

  it('reads the catalogue once for eight pages asked at the same time, and again only after a minute', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, page));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
    expect(answers[0]?.body).toContain('UBND xã Bộ Lọc');
    expect(reads).toBe(1);
    t.setNow(new Date('2026-03-09T01:00:59Z'));
    await page();
    expect(reads).toBe(1);
    t.setNow(new Date('2026-03-09T01:01:01Z'));
    await page();
    expect(reads).toBe(2);
  });
});
