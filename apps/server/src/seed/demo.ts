import type { FastifyInstance } from 'fastify';

/** One line per demo account, printed at start-up. */
export interface DemoLogin {
  role: string;
  username: string;
  password: string;
  agency: string;
}

/**
 * Seeds the demo province (Quảng Trị, code 44) on the first start: units, agencies, one user per
 * role. Returns the demo logins to print. Idempotent: a second call seeds nothing new.
 */
export type DemoSeeder = (app: FastifyInstance) => Promise<DemoLogin[]>;

const seeders: DemoSeeder[] = [];

/** Modules add their part of the demo data here (org first, then the modules that need agencies). */
export function registerDemoSeeder(seeder: DemoSeeder) {
  seeders.push(seeder);
}

export async function seedDemo(app: FastifyInstance): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const seeder of seeders) logins.push(...(await seeder(app)));
  return logins;
}
