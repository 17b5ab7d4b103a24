#!/usr/bin/env bash
# The whole test suite: unit, integration (real PostgreSQL, Redis, SQLite files) and end-to-end.
# Installs dependencies and starts the local services first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
bash scripts/ensure-services.sh postgres redis

# The fault tests stop shared services; they run alone: npm run test:faults.
exec npx jest --ci --selectProjects unit integration e2e "$@"
