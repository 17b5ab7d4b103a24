#!/usr/bin/env bash
# Runs the whole engine on the embedded default: SQLite under DATA_DIR and the local Redis.
# Installs and builds what is missing first, so it works on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "› installing dependencies"
  npm install --no-audit --no-fund
fi
if [ ! -f dist/apps/api/main.js ] || [ -n "$(find apps libs -newer dist/apps/api/main.js -name '*.ts' -print -quit)" ]; then
  echo "› building"
  npm run build --silent
fi

bash scripts/ensure-services.sh redis

# A newcomer sees real content at once: the Medway plan is loaded when the store is empty.
if [ "${SEED_DEMO:-true}" != "false" ]; then
  node dist/apps/cli/main.js seed --if-empty
fi

exec node dist/apps/api/main.js
