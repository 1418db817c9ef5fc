package deploy

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/internal/config"
)

// TestComposeUsesTheBinarysFlags checks every parley service of compose.yaml:
// its subcommand exists, every flag and PARLEY_* variable it sets is one the
// subcommand defines, and the resulting configuration passes the binary's
// own validation.
func TestComposeUsesTheBinarysFlags(t *testing.T) {
	c := readCompose(t)
	d := readDockerfile(t)
	roles := map[string]string{}
	parleyServices := 0
	for name, svc := range c.Services {
		if svc.Build == nil && !strings.HasPrefix(svc.Image, "parley") {
			continue
		}
		parleyServices++
		args := svc.Command
		if len(args) == 0 {
			args = d.cmd
		}
		fs, validate := flagsOf(t, args[0])
		known := map[string]bool{}
		fs.VisitAll(func(f *flag.Flag) { known[config.EnvName(f.Name)] = true })
		env := map[string]string{}
		for k, v := range d.env {
			env[k] = v
		}
		for k, v := range svc.Environment {
			if strings.HasPrefix(k, "PARLEY_") && !known[k] {
				t.Errorf("service %s sets %s, which `parley %s` does not read", name, k, args[0])
			}
			env[k] = interpolate(v)
		}
		for _, a := range args[1:] {
			flagName := strings.TrimLeft(strings.SplitN(a, "=", 2)[0], "-")
			if fs.Lookup(flagName) == nil {
				t.Errorf("service %s passes %s, which `parley %s` does not define", name, a, args[0])
			}
		}
		lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
		if err := config.Parse(fs, args[1:], lookup); err != nil {
			t.Errorf("service %s: parley %s rejects its flags: %v", name, args[0], err)
			continue
		}
		if err := validate(); err != nil {
			t.Errorf("service %s: parley %s rejects its configuration:\n%v", name, args[0], err)
		}
		if args[0] == "serve" {
			roles[name] = fs.Lookup("role").Value.String()
		}
	}
	got := slices.Sorted(func(yield func(string) bool) {
		for _, r := range roles {
			if !yield(r) {
				return
			}
		}
	})
	if strings.Join(got, ",") != "command,projector,query" {
		t.Errorf("parley roles in compose.yaml = %v, want one service each for command, query and projector", got)
	}
	if parleyServices < 4 {
		t.Errorf("found %d parley services, want migrate + 3 roles", parleyServices)
	}
}

func TestComposeTopology(t *testing.T) {
	c := readCompose(t)
	for _, want := range []string{"eventstoredb", "postgres", "elasticsearch"} {
		if _, ok := c.Services[want]; !ok {
			t.Errorf("no %s service", want)
		}
	}
	for name, svc := range c.Services {
		for dep := range svc.DependsOn {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("service %s depends on undefined service %s", name, dep)
			}
		}
		if svc.Build != nil {
			if got := filepath.Join(svc.Build.Context, svc.Build.Dockerfile); filepath.Clean(got) != filepath.Join("..", "deploy", "Dockerfile") {
				t.Errorf("service %s builds %s, want ../deploy/Dockerfile", name, got)
			}
		}
	}
}
