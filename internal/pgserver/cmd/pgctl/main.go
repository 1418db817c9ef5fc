// Command pgctl starts or stops a private PostgreSQL server for the test
// scripts: `pgctl start DIR` prints a connection URL, `pgctl stop DIR` stops it.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parley-inbox/parley/internal/pgserver"
)

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "start" && os.Args[1] != "stop") {
		fmt.Fprintln(os.Stderr, "usage: pgctl start|stop DIR")
		os.Exit(2)
	}
	dir, err := filepath.Abs(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx := context.Background()
	portFile := filepath.Join(dir, "port")
	port := 0
	if b, err := os.ReadFile(portFile); err == nil {
		port, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	if os.Args[1] == "stop" {
		srv := pgserver.Attach(pgserver.Config{DataDir: filepath.Join(dir, "data"), Port: port})
		if err := srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	srv, err := pgserver.Start(ctx, pgserver.Config{DataDir: filepath.Join(dir, "data"), Port: port, Fast: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = os.WriteFile(portFile, []byte(strconv.Itoa(srv.Port())), 0o644)
	url, err := srv.URL(ctx, "postgres")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(url)
}
