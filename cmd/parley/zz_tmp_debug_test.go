package main

import (
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestZZTmpDebug(t *testing.T) {
	r := startServe(t, 2, "--postgres-url="+pgtest.URL(t), "--api-keys=k-ann=acme:agent:ann",
		"--command-addr=127.0.0.1:0", "--query-addr=127.0.0.1:0", "--shutdown-timeout=5s")
	time.Sleep(3 * time.Second)
	t.Log(r.stop())
	t.Log(r.logs.String())
}
