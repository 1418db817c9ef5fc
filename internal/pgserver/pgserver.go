// Package pgserver starts and stops a private PostgreSQL server from the
// PostgreSQL binaries installed on the machine. `parley serve` uses it for
// the embedded run and tests use it for a real database. PostgreSQL refuses
// to run as root, so when we are root the server runs as an unprivileged
// user (postgres, else nobody).
package pgserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
)

// Config says where the server keeps its data and how it listens.
type Config struct {
	DataDir string // required; created and initialised if empty
	Port    int    // 0 picks a free port
	BinDir  string // PostgreSQL's bin directory; found if empty
	// Fast trades durability for speed (fsync off); for tests and benches only.
	Fast bool
}

// Server is a running PostgreSQL server.
type Server struct {
	cfg  Config
	cred *syscall.Credential
	port int
}

// Start initialises the data directory if needed and starts the server.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("pgserver: DataDir is required")
	}
	bin, err := findBinDir(cfg.BinDir)
	if err != nil {
		return nil, err
	}
	cfg.BinDir = bin
	if cfg.Port == 0 {
		if cfg.Port, err = freePort(); err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: cfg, port: cfg.Port}
	if os.Geteuid() == 0 {
		if s.cred, err = unprivileged(); err != nil {
			return nil, err
		}
	}
	if err := s.initdb(ctx); err != nil {
		return nil, err
	}
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// URL is a connection string for database db (created if missing).
func (s *Server) URL(ctx context.Context, db string) (string, error) {
	if db != "postgres" {
		if err := s.createDB(ctx, db); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("postgres://parley@127.0.0.1:%d/%s?sslmode=disable", s.port, db), nil
}

// Port is the TCP port the server listens on (127.0.0.1 only).
func (s *Server) Port() int { return s.port }

// Stop shuts the server down ("fast" mode: rolls back open transactions).
func (s *Server) Stop() error {
	cmd := s.command(context.Background(), "pg_ctl", "-D", s.cfg.DataDir, "-m", "fast", "-w", "-t", "60", "stop")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgserver: stop: %w: %s", err, out)
	}
	return nil
}

func (s *Server) initdb(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(s.cfg.DataDir, "PG_VERSION")); err == nil {
		return s.chown(s.cfg.DataDir)
	}
	if err := os.MkdirAll(s.cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("pgserver: %w", err)
	}
	if err := s.chown(s.cfg.DataDir); err != nil {
		return err
	}
	cmd := s.command(ctx, "initdb", "-D", s.cfg.DataDir, "-U", "parley", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgserver: initdb: %w: %s", err, out)
	}
	return nil
}

func (s *Server) start(ctx context.Context) error {
	opts := []string{
		"-p " + strconv.Itoa(s.port),
		"-c listen_addresses=127.0.0.1",
		"-k " + s.cfg.DataDir,
		"-c max_connections=200",
		"-c shared_buffers=256MB",
	}
	if s.cfg.Fast {
		opts = append(opts, "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")
	}
	logFile := filepath.Join(s.cfg.DataDir, "server.log")
	cmd := s.command(ctx, "pg_ctl", "-D", s.cfg.DataDir, "-l", logFile, "-o", strings.Join(opts, " "), "-w", "-t", "60", "start")
	if out, err := cmd.CombinedOutput(); err != nil {
		tail, _ := os.ReadFile(logFile)
		return fmt.Errorf("pgserver: start: %w: %s\n%s", err, out, tail)
	}
	return nil
}

func (s *Server) createDB(ctx context.Context, db string) error {
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://parley@127.0.0.1:%d/postgres?sslmode=disable", s.port))
	if err != nil {
		return fmt.Errorf("pgserver: connect: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
		return fmt.Errorf("pgserver: check database %q: %w", db, err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize()); err != nil {
		return fmt.Errorf("pgserver: create database %q: %w", db, err)
	}
	return nil
}

func (s *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.cfg.BinDir, name), args...)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd
}

func (s *Server) chown(dir string) error {
	if s.cred == nil {
		return nil
	}
	// The parent must be traversable by the server's user.
	for p := filepath.Dir(dir); p != "/" && p != "."; p = filepath.Dir(p) {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o001 == 0 {
			_ = os.Chmod(p, st.Mode().Perm()|0o011)
		}
	}
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(s.cred.Uid), int(s.cred.Gid))
	})
}

func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("pgserver: running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")
}

func findBinDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if env := os.Getenv("PARLEY_PG_BIN"); env != "" {
		return env, nil
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		// /usr/local/bin may hold a lone symlink to pg_ctl: use its real home,
		// where initdb and postgres live too.
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "initdb")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) == 0 {
		return "", errors.New("pgserver: PostgreSQL binaries not found: install PostgreSQL or set PARLEY_PG_BIN")
	}
	sort.Strings(matches)
	return filepath.Dir(matches[len(matches)-1]), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgserver: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Attach returns a handle on a server started earlier (by another process)
// from cfg.DataDir, so that it can be stopped.
func Attach(cfg Config) *Server {
	s := &Server{cfg: cfg, port: cfg.Port}
	s.cfg.BinDir, _ = findBinDir(cfg.BinDir)
	if os.Geteuid() == 0 {
		s.cred, _ = unprivileged()
	}
	return s
}
