import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Clock } from './http/fastify-augment.js';
import idempotency from './http/idempotency.js';
import { registerProblemHandlers } from './http/problem.js';
import securityHeaders from './http/security-headers.js';
import { buildValidator } from './http/validators.js';
import auditModule from './modules/audit/index.js';
import authModule from './modules/auth/index.js';
import calendarModule from './modules/calendar/index.js';
import citizensModule from './modules/citizens/index.js';
import dossiersModule from './modules/dossiers/index.js';
import eservicesModule from './modules/eservices/index.js';
import filesModule from './modules/files/index.js';
import healthModule from './modules/health/index.js';
import jobsModule from './modules/jobs/index.js';
import notificationsModule from './modules/notifications/index.js';
import orgModule from './modules/org/index.js';
import paymentsModule from './modules/payments/index.js';
import portalModule from './modules/portal/index.js';
import privacyModule from './modules/privacy/index.js';
import proceduresModule from './modules/procedures/index.js';
import queueModule from './modules/queue/index.js';
import signingModule from './modules/signing/index.js';
import statisticsModule from './modules/statistics/index.js';
import webModule from './web.js';
import { VERSION } from './version.js';

export interface AppDeps {
  config: Config;
  database: Database;
  clock?: Clock;
}

export type App = FastifyInstance;

/** Core pieces every module uses, registered under a name so that dependencies are checked. */
const corePlugin = fp(
  async (app: FastifyInstance, deps: AppDeps) => {
    app.decorate('config', deps.config);
    app.decorate('database', deps.database);
    app.decorate('clock', deps.clock ?? (() => new Date()));
    app.decorate('appVersion', VERSION);
    app.decorateRequest('principal', null);
  },
  { name: 'saola-database' },
);

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    schemaController: { compilersFactory: { buildValidator: buildValidator() } },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    return payload;
  });

  await app.register(corePlugin, deps);
  await app.register(securityHeaders, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // same-origin (not no-referrer): browsers then send a real Origin header on our own form posts,
    // which the sign-in forms' cross-site check relies on; other sites still get no referrer.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.env === 'production',
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody);
  await app.register(rateLimit, {
    global: false,
    allowList: config.rateLimitAllowList,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      message: `Quá nhiều yêu cầu. Vui lòng thử lại sau ${Math.ceil(ctx.ttl / 1000)} giây.`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Saola API',
        version: VERSION,
        description:
          'API của nền tảng chính quyền số Saola. Lỗi trả về theo RFC 9457 (application/problem+json) với `code` ổn định và `detail` tiếng Việt.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'saola_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'Khóa API tích hợp (saola_…)' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  registerProblemHandlers(app);

  await app.register(healthModule);
  await app.register(jobsModule);
  await app.register(filesModule);
  await app.register(auditModule);
  await app.register(calendarModule);
  await app.register(notificationsModule);
  await app.register(orgModule);
  await app.register(proceduresModule);
  await app.register(dossiersModule);
  await app.register(signingModule);
  await app.register(statisticsModule);
  await app.register(authModule);
  await app.register(privacyModule);
  await app.register(citizensModule);
  await app.register(idempotency);
  await app.register(eservicesModule);
  await app.register(portalModule);
  await app.register(paymentsModule);
  await app.register(queueModule);
  await app.register(webModule);
  return app;
}
