# Parley's two everyday commands; see README.md.
.PHONY: run test build web

run:
	go run ./cmd/parley serve

test:
	./deploy/dev/test.sh

build:
	CGO_ENABLED=0 go build -o bin/parley ./cmd/parley
