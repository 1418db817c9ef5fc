package deploy

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/parley-inbox/parley/internal/config"
)

// compose is the part of compose.yaml these tests read.
type compose struct {
	Services map[string]struct {
		Image       string `yaml:"image"`
		Build       *struct{ Context, Dockerfile string }
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   map[string]any    `yaml:"depends_on"`
	} `yaml:"services"`
}

func readCompose(t *testing.T) compose {
	t.Helper()
	b, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return c
}

// dockerfile is what the tests need of deploy/Dockerfile, joined across
// continuation lines.
type dockerfile struct {
	text       string
	env        map[string]string
	cmd        []string
	entrypoint []string
}

func readDockerfile(t *testing.T) dockerfile {
	t.Helper()
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	d := dockerfile{text: strings.ReplaceAll(string(b), "\\\n", " "), env: map[string]string{}}
	for _, line := range strings.Split(d.text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "ENV":
			for _, kv := range fields[1:] {
				k, v, _ := strings.Cut(kv, "=")
				d.env[k] = v
			}
		case "CMD", "ENTRYPOINT":
			var list []string
			if err := yaml.Unmarshal([]byte(strings.TrimSpace(strings.TrimPrefix(line, fields[0]))), &list); err != nil {
				t.Fatalf("%s must be in exec (JSON) form: %v", fields[0], err)
			}
			if fields[0] == "CMD" {
				d.cmd = list
			} else {
				d.entrypoint = list
			}
		}
	}
	return d
}

// flagsOf returns the flag set the binary builds for a subcommand.
func flagsOf(t *testing.T, sub string) (*flag.FlagSet, func() error) {
	t.Helper()
	switch sub {
	case "serve":
		var c config.Serve
		return c.FlagSet(), func() error { return c.Validate() }
	case "migrate":
		var c config.Migrate
		return c.FlagSet(), func() error { return c.Validate() }
	}
	t.Fatalf("parley has no subcommand %q that compose may run", sub)
	return nil, nil
}

// interpolate fills compose's ${VAR:?msg} and ${VAR} with test values.
func interpolate(s string) string {
	values := map[string]string{"POSTGRES_PASSWORD": "secret", "PARLEY_API_KEYS": "k1=acme:api_client:crm"}
	return regexp.MustCompile(`\$\{([A-Z_]+)(:?[-?][^}]*)?\}`).ReplaceAllStringFunc(s, func(m string) string {
		return values[regexp.MustCompile(`[A-Z_]+`).FindString(m)]
	})
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}
