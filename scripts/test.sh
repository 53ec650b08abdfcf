#!/usr/bin/env bash
# The one test command (README: npm test): typecheck, lint, unit + integration tests on PGlite
# and on PostgreSQL, then browser tests against a built, running product.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=Asia/Ho_Chi_Minh

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "Build (web + server)"
npm run build --silent

step "OpenAPI document and the SPA's typed client are up to date"
node apps/server/dist/cli/index.js openapi --check
(cd apps/web && npx openapi-typescript ../server/openapi.json -o /tmp/saola-schema.d.ts >/dev/null 2>&1 && diff -q /tmp/saola-schema.d.ts src/api/schema.d.ts >/dev/null) \
  || { echo "apps/web/src/api/schema.d.ts is stale: run npm run gen:api -w apps/web"; exit 1; }

step "Typecheck"
npm run typecheck --silent

step "Lint (ESLint + Prettier)"
npx eslint . --max-warnings=0
npx prettier --check . --log-level warn

step "Unit + integration tests on PGlite"
(cd apps/server && SAOLA_TEST_DB=pglite npx vitest run)

PG_URL="${SAOLA_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/saola_test}"
if [ "${SAOLA_SKIP_PG:-0}" != "1" ]; then
  step "Integration tests on PostgreSQL ($PG_URL)"
  (cd apps/server && SAOLA_TEST_DB=postgresql SAOLA_TEST_PG_URL="$PG_URL" npx vitest run)

  step "Benchmark smoke run (seed:scale 20,000 dossiers in a throwaway database; fails on errors, never on speed)"
  npm run bench --silent -- --smoke --database-url "$PG_URL"
fi

step "Back-office unit tests (vitest + jsdom)"
npm test --silent -w apps/web

step "Browser tests (playwright-core + Debian chromium)"
npx tsx --test --test-concurrency=1 e2e/*.test.ts
