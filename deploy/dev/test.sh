#!/usr/bin/env bash
# The project's whole test run: starts the services the tests need (a private
# PostgreSQL per test binary from the machine's binaries), runs vet and every Go test with the
# race detector, and stops what it started. Called by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=${PARLEY_TEST_WORKDIR:-$(mktemp -d /tmp/parley-test.XXXXXX)}
mkdir -p "$work"

cleanup() {
  # Each test binary runs its own private PostgreSQL (internal/pgtest) and
  # stops it at exit; stop any left behind by a binary that crashed.
  for pid_file in "$work"/tmp/parley-pgtest-*/data/postmaster.pid; do
    [ -f "$pid_file" ] && kill -INT "$(head -1 "$pid_file")" 2>/dev/null || true
  done
  # --- OpenSearch (timeline/search, issue 4): stop the node started below.
  if [ -n "${os_started:-}" ]; then
    deploy/opensearch/opensearch.sh stop "$work/opensearch" || true
  fi
}
trap cleanup EXIT

echo "== go vet"
go vet ./...

echo "== PostgreSQL"
# Every test binary starts its own private server from the machine's
# PostgreSQL binaries (internal/pgtest), unless PARLEY_TEST_POSTGRES_URL names
# one. Separate servers keep packages that run at the same time from holding
# back each other's read horizon (see eventstore/postgres: readers only see
# transactions older than the oldest one running in the whole cluster).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || {
  echo "PostgreSQL binaries not found: install postgresql (Debian: apt-get install postgresql-15)" >&2; exit 1; }
echo "test servers: one private server per test binary (${PARLEY_TEST_POSTGRES_URL:-none shared})"
# Test binaries put their servers' data under $work/tmp, which cleanup sweeps.
mkdir -p "$work/tmp"

# --- OpenSearch (timeline/search, issue 4) ---------------------------------
# The Elasticsearch half of the timeline contract suite runs against a real
# OpenSearch node (deploy/opensearch/opensearch.sh; downloads are cached).
# Without one, internal/searchtest fails those tests under CI=true and skips
# them loudly elsewhere.
echo "== OpenSearch"
if [ -z "${PARLEY_TEST_SEARCH_URL:-}" ]; then
  if PARLEY_TEST_SEARCH_URL=$(deploy/opensearch/opensearch.sh start "$work/opensearch"); then
    os_started=1
    export PARLEY_TEST_SEARCH_URL
  else
    echo "WARNING: OpenSearch did not start; the search tests will fail under CI=true, skip elsewhere" >&2
  fi
fi
echo "search server: ${PARLEY_TEST_SEARCH_URL:-none}"
# --- end OpenSearch ------------------------------------------------------------

echo "== go test -race"
TMPDIR="$work/tmp" go test -race -count=1 -timeout 25m ./... 2>&1 | tee "$work/go-test.log"

# --- web inbox (issue 8): end-to-end tests in headless Chromium ---------------
# deploy/dev/web-test.sh builds web/, starts its own `parley serve` and prints
# "N passed, N failed"; screenshots go to test-artifacts/web.
echo "== web inbox (headless Chromium)"
deploy/dev/web-test.sh
# --- end web inbox -------------------------------------------------------------
