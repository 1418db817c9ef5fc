#!/usr/bin/env bash
# Browser tests of the web inbox (issue 8): builds the app and the binary,
# starts `parley serve` (embedded PostgreSQL in a temporary data directory,
# free ports, two agents' API keys), drives Debian's headless Chromium
# through web/e2e with playwright-core, and stops everything. Screenshots go
# to $PARLEY_WEB_ARTIFACTS (default test-artifacts/web). The last line says
# "N passed, N failed". Called by deploy/dev/test.sh; runs alone too.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
artifacts=${PARLEY_WEB_ARTIFACTS:-$root/test-artifacts/web}
work=$(mktemp -d /tmp/parley-web.XXXXXX)
chmod 755 "$work"
mkdir -p "$artifacts"

serve_pid=
cleanup() {
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -INT "$serve_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$serve_pid" 2>/dev/null || true
  fi
  cp "$work/serve.log" "$artifacts/serve.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== web: Chromium"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
/usr/bin/chromium --version

echo "== web: build (npm ci, typecheck, unit tests, vite build)"
make -s web
(cd web && npx vitest run --reporter=dot)

echo "== web: parley serve"
go build -o "$work/parley" ./cmd/parley
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
cport=$(free_port); qport=$(free_port); wport=$(free_port)
# Other listeners of `parley serve` get free ports too (or are off), so that
# the test never collides with a Parley already running on the machine.
export PARLEY_CHANNELS_ADDR="127.0.0.1:$wport" PARLEY_CHANNELS_SMTP_ADDR=off
# The agents' account exists as configuration too (quick replies, the first administrator).
export PARLEY_BOOTSTRAP_ACCOUNT=acme
key_a="web-e2e-alice-$RANDOM$RANDOM"; key_b="web-e2e-bob-$RANDOM$RANDOM"
PARLEY_WEB_DIR="$root/web/dist" "$work/parley" serve --data-dir "$work/data" \
  --command-addr "127.0.0.1:$cport" --query-addr "127.0.0.1:$qport" \
  --api-keys "$key_a=acme:agent:alice,$key_b=acme:agent:bob" >"$work/serve.log" 2>&1 &
serve_pid=$!
for i in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$qport/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$serve_pid" 2>/dev/null; then echo "parley serve exited:"; cat "$work/serve.log"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$qport/readyz" >/dev/null

echo "== web: end-to-end tests in headless Chromium"
status=0
# The first start's administrator (accounts): e-mail + password login, when present.
# It is written in the background at first start: give it a moment.
admin_email=; admin_password=
for _ in $(seq 1 40); do [ -s "$work/data/admin-login" ] && break; sleep 0.25; done
if [ -f "$work/data/admin-login" ]; then
  admin_email=$(sed -n 's/^email=//p' "$work/data/admin-login")
  admin_password=$(sed -n 's/^password=//p' "$work/data/admin-login")
fi
PARLEY_ADMIN_EMAIL="$admin_email" PARLEY_ADMIN_PASSWORD="$admin_password" \
PARLEY_URL="http://127.0.0.1:$qport" PARLEY_KEY_A="$key_a" PARLEY_KEY_B="$key_b" \
  PARLEY_ARTIFACTS="$artifacts" CHROMIUM=/usr/bin/chromium node web/e2e/run.mjs || status=$?
echo "screenshots: $artifacts"
exit $status
