# Parley's two everyday commands; see README.md.
.PHONY: run test build web

run: web
	go run ./cmd/parley serve

test:
	./deploy/dev/test.sh

build:
	CGO_ENABLED=0 go build -o bin/parley ./cmd/parley

# web builds the web inbox into web/dist (served by `parley serve` at /) when
# its sources changed; it needs Node 20+ and npm (packages from the npm registry).
WEB_SRC := $(shell find web/src -type f 2>/dev/null) web/index.html web/package.json web/vite.config.ts web/tsconfig.json
web: web/dist/index.html

web/dist/index.html: web/package-lock.json $(WEB_SRC)
	@if ! command -v npm >/dev/null; then echo "make web: npm not found, the web inbox is not built (install Node 20+ and npm)"; exit 0; fi; \
	cd web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build
