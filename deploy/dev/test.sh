#!/usr/bin/env bash
# The project's whole test run: starts the services the tests need (a private
# PostgreSQL from the machine's binaries), runs vet and every Go test with the
# race detector, and stops what it started. Called by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=${PARLEY_TEST_WORKDIR:-$(mktemp -d /tmp/parley-test.XXXXXX)}
mkdir -p "$work"

cleanup() {
  if [ -n "${pg_pid_started:-}" ]; then
    go run ./internal/pgserver/cmd/pgctl stop "$work/pg" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

echo "== go vet"
go vet ./...

echo "== PostgreSQL"
export PARLEY_TEST_POSTGRES_URL=$(go run ./internal/pgserver/cmd/pgctl start "$work/pg")
pg_pid_started=1
echo "test server: $PARLEY_TEST_POSTGRES_URL"

echo "== go test -race"
go test -race -count=1 -timeout 25m ./... 2>&1 | tee "$work/go-test.log"
