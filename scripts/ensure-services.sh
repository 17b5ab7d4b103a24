#!/usr/bin/env bash
# Starts the local services the engine and its tests use when they are not running, with the same
# commands the machines use: `ensure-services.sh redis postgres`.
set -euo pipefail

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  if ! command -v redis-server >/dev/null; then
    echo "Redis is not running on 127.0.0.1:6379 and redis-server is not installed: install Redis 7 or set REDIS_URL." >&2
    exit 1
  fi
  echo "› starting Redis on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 50); do redis-cli ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "Redis did not start" >&2
  exit 1
}

ensure_postgres() {
  if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then return; fi
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "PostgreSQL is not running on 127.0.0.1:5432 and no cluster is installed: set DATABASE_URL to a server." >&2
    exit 1
  fi
  echo "› starting PostgreSQL on 127.0.0.1:5432"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 100); do pg_isready -h 127.0.0.1 -p 5432 -q && return; sleep 0.1; done
  echo "PostgreSQL did not start" >&2
  exit 1
}

for service in "$@"; do
  case "$service" in
    redis) ensure_redis ;;
    postgres) ensure_postgres ;;
    *) echo "unknown service: $service" >&2; exit 2 ;;
  esac
done
