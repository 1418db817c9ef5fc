package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfileBuildsTheBinary checks the image recipe against the
// repository: the package it builds is the parley command, the binary it
// copies is the one built and the one the entrypoint runs, the build is
// static, the image runs as non-root, and Go matches go.mod.
func TestDockerfileBuildsTheBinary(t *testing.T) {
	d := readDockerfile(t)
	root := repoRoot(t)

	build := regexp.MustCompile(`go build .*-o (\S+) (\./\S+)`).FindStringSubmatch(d.text)
	if build == nil {
		t.Fatal("no `go build ... -o OUT ./PKG` in the Dockerfile")
	}
	out, pkg := build[1], build[2]
	main, err := os.ReadFile(filepath.Join(root, pkg, "main.go"))
	if err != nil || !strings.Contains(string(main), "\npackage main\n") {
		t.Fatalf("the Dockerfile builds %s, which is not a main package in this repository (%v)", pkg, err)
	}
	if !strings.Contains(d.text, "CGO_ENABLED=0") {
		t.Error("the build is not static: CGO_ENABLED=0 missing")
	}
	if n := len(regexp.MustCompile(`(?m)^FROM `).FindAllString(d.text, -1)); n < 2 {
		t.Errorf("%d stages; want a multi-stage build", n)
	}

	cp := regexp.MustCompile(`COPY --from=build (\S+) (\S+)`).FindStringSubmatch(d.text)
	if cp == nil || cp[1] != out {
		t.Fatalf("the final stage does not copy the built binary %s: %v", out, cp)
	}
	if len(d.entrypoint) == 0 || d.entrypoint[0] != cp[2] {
		t.Errorf("ENTRYPOINT %v does not run the copied binary %s", d.entrypoint, cp[2])
	}
	if len(d.cmd) == 0 || d.cmd[0] != "serve" {
		t.Errorf("CMD %v, want serve", d.cmd)
	}

	user := regexp.MustCompile(`(?m)^USER (\S+)`).FindStringSubmatch(d.text)
	if user == nil || strings.HasPrefix(user[1], "root") || strings.HasPrefix(user[1], "0") {
		t.Errorf("the image must run as a non-root user, has USER %v", user)
	}

	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))
	arg := regexp.MustCompile(`ARG GO_VERSION=(\S+)`).FindStringSubmatch(d.text)
	if goVersion == nil || arg == nil || arg[1] != goVersion[1] {
		t.Errorf("Dockerfile GO_VERSION %v does not match go.mod's go %v", arg, goVersion)
	}
}

// TestDockerfileEnvIsTheBinarys checks the image's PARLEY_* defaults are
// `parley serve` settings.
func TestDockerfileEnvIsTheBinarys(t *testing.T) {
	d := readDockerfile(t)
	fs, _ := flagsOf(t, "serve")
	for k := range d.env {
		name := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(k, "PARLEY_"), "_", "-"))
		if !strings.HasPrefix(k, "PARLEY_") || fs.Lookup(name) == nil {
			t.Errorf("Dockerfile ENV %s is not a `parley serve` setting", k)
		}
	}
}
