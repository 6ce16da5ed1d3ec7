#!/usr/bin/env bash
# The production shape, by hand, without docker (make smoke; CI runs it too):
# docker-compose.yml's processes on this machine's PostgreSQL and Redis, under
# production settings, then a resident's request over HTTP all the way to the back office.
#
#   ./scripts/production-smoke.sh
#
# It runs, from the same command lines as the image (scripts/portal-process):
#   collectstatic and migrate under portal.settings.production, the demo council
#   (load_demo --allow-production: its resident and its back-office connector),
#   the simulated back office, gunicorn (gunicorn.conf.py), a Celery worker and beat.
# Then, as a resident behind a TLS proxy (Host and X-Forwarded-Proto: https), it signs
# in through the real pages, sends a general enquiry and waits until the back office
# has it (scripts/smoke_resident.py). Everything it started is stopped, its database
# dropped and its Redis database emptied, whatever happens. Exits non-zero on any
# failure, with the end of every process's log.
#
# Needs PostgreSQL (trust auth for SMOKE_POSTGRES_URL's user, who may create databases)
# and Redis. Settings (defaults in brackets):
#   SMOKE_POSTGRES_URL  server to create its database on [postgres://postgres@127.0.0.1:5432]
#   SMOKE_REDIS_URL     a Redis database of its own, emptied [redis://127.0.0.1:6379/14]
#   SMOKE_WAIT          seconds to wait for each of: web up, the case at the back office [60]
# Mail is written to files in its temporary folder: there is no mail server to send to.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -x .venv/bin/python ] && export PATH="$root/.venv/bin:$PATH"

postgres="${SMOKE_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
postgres="${postgres%/}"
redis_url="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/14}"
wait_seconds="${SMOKE_WAIT:-60}"
host=portal.example
database="portal_smoke_$$"
work="$(mktemp -d "${TMPDIR:-/tmp}/production-smoke.XXXXXX")"
started=()  # "name:pid" of every process this script started
database_created=""

say() { printf '\n\033[1m-- %s\033[0m (%ss)\n' "$*" "$SECONDS"; }

services() { # services create|drop: our own database and Redis database
  python - "$1" "$postgres" "$database" "$redis_url" <<'EOF'
import sys

import psycopg
import redis

what, server, database, redis_url = sys.argv[1:]
with psycopg.connect(server.replace("postgres://", "postgresql://", 1) + "/postgres",
                     autocommit=True, connect_timeout=5) as connection:
    if what == "drop":
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    else:
        connection.execute(f'CREATE DATABASE "{database}"')
redis.Redis.from_url(redis_url, socket_timeout=5).flushdb()
EOF
}

start() { # start NAME command...: in the background, its output in $work/NAME.log
  local name="$1"
  shift
  "$@" >"$work/$name.log" 2>&1 &
  started+=("$name:$!")
  echo "started $name (pid $!)"
}

stop_all() {
  local entry pid deadline
  for entry in "${started[@]}"; do
    kill -TERM "${entry#*:}" 2>/dev/null || true
  done
  deadline=$((SECONDS + 20))
  for entry in "${started[@]}"; do
    pid="${entry#*:}"
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "${entry%%:*} (pid $pid) did not stop in time: killed"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}

finish() {
  local rc=$?
  trap - EXIT INT TERM
  say "Stopping what the smoke started"
  stop_all
  if [ "$rc" -ne 0 ]; then
    for log in "$work"/*.log; do
      [ -e "$log" ] || continue
      say "Last lines of $(basename "$log")"
      tail -n 60 "$log"
    done
  fi
  if [ -n "$database_created" ]; then
    services drop || echo "warning: could not drop database $database" >&2
  fi
  rm -rf "$work"
  if [ "$rc" -eq 0 ]; then
    echo "Production smoke passed."
  else
    echo "Production smoke FAILED (exit $rc)." >&2
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
web_port="$(free_port)"
backoffice_port="$(free_port)"
while [ "$backoffice_port" = "$web_port" ]; do backoffice_port="$(free_port)"; done
backoffice="http://127.0.0.1:$backoffice_port"
random() { python -c 'import secrets; print(secrets.token_urlsafe(60))'; }

# What docker-compose.yml gives each container (env_file .env plus its environment),
# with this machine's addresses. Nothing here weakens production settings.
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="$(random)"
export ALLOWED_HOSTS="$host"
export PORTAL_BASE_URL="https://$host"
export DATABASE_URL="$postgres/$database"
export REDIS_URL="$redis_url"
export MEDIA_ROOT="$work/media" STATIC_ROOT="$work/static"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="$work/mail" SMS_FILE_PATH="$work/sms"
export DEMO_BACKOFFICE_URL="$backoffice" WASTE_INCAB_URL="$backoffice"
export WASTE_INCAB_DEMO_FILE="$work/incab.json"
export DEMO_BACKOFFICE_SECRET="$(random)"
export BEAT_SCHEDULE_FILE="$work/celerybeat-schedule"
# gunicorn.conf.py binds every interface, as in a container; here, loopback only.
export GUNICORN_CMD_ARGS="--bind 127.0.0.1:$web_port"
mkdir -p "$work/media" "$work/mail" "$work/sms"

say "Database $database and Redis $redis_url (emptied)"
services create
database_created=1

say "collectstatic (production storage: hashed and compressed)"
python manage.py collectstatic --noinput >"$work/collectstatic.log" 2>&1 ||
  { tail -n 40 "$work/collectstatic.log"; exit 1; }
tail -n 1 "$work/collectstatic.log"

say "migrate, and the demo council"
scripts/portal-process migrate >"$work/migrate.log" 2>&1 || { tail -n 40 "$work/migrate.log"; exit 1; }
python manage.py load_demo --allow-production >"$work/load_demo.log" 2>&1 ||
  { tail -n 40 "$work/load_demo.log"; exit 1; }
head -n 1 "$work/load_demo.log"
demo_password="$(python manage.py shell --no-imports -c 'from portal.demo import DEMO_PASSWORD; print(DEMO_PASSWORD)')"

say "Starting the back office, web, worker and beat"
start backoffice python -m integrations.simulated_backoffice --port "$backoffice_port" \
  --secret "$DEMO_BACKOFFICE_SECRET" --incab-file "$WASTE_INCAB_DEMO_FILE" \
  --portal-status-url "http://127.0.0.1:$web_port/integrations/webhook/webhook/status"
start web scripts/portal-process web
start worker scripts/portal-process worker
start beat scripts/portal-process beat

say "A resident sends a general enquiry (web on 127.0.0.1:$web_port as https://$host)"
python scripts/smoke_resident.py --portal "127.0.0.1:$web_port" --host "$host" \
  --email sam@example.org --password "$demo_password" \
  --backoffice "$backoffice" --wait "$wait_seconds"

say "gunicorn's workers"
grep -c "Booting worker" "$work/web.log" | sed 's/^/workers booted: /'
