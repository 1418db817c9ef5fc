package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestServeDefaults(t *testing.T) {
	var c Serve
	if err := Parse(c.FlagSet(), nil, env(nil)); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	want := Serve{Log: Log{"info", "text"}, DB: Database{DataDir: "./.parley"}, EventStore: "postgres", Role: "all",
		CommandAddr: "127.0.0.1:8080", QueryAddr: "127.0.0.1:8081", OpsAddr: "127.0.0.1:8082", ShutdownTimeout: 15 * time.Second}
	if c != want {
		t.Fatalf("defaults\n got %+v\nwant %+v", c, want)
	}
}

func TestFlagsWinOverEnvWhichWinsOverDefaults(t *testing.T) {
	var c Serve
	err := Parse(c.FlagSet(), []string{"--role=query", "--log-format", "json"}, env(map[string]string{
		"PARLEY_ROLE":         "command",
		"PARLEY_DATA_DIR":     "/var/lib/parley",
		"PARLEY_POSTGRES_URL": "postgres://pg/parley",
		"PARLEY_API_KEYS":     "k=acme:agent:ann",
		"UNRELATED":           "x",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Role != "query" || c.Log.Format != "json" || c.DB.DataDir != "/var/lib/parley" || c.DB.PostgresURL != "postgres://pg/parley" {
		t.Fatalf("%+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestBadEnvValuesAreReported(t *testing.T) {
	var c Serve
	err := Parse(c.FlagSet(), nil, env(map[string]string{"PARLEY_SHUTDOWN_TIMEOUT": "soon"}))
	if err == nil || !strings.Contains(err.Error(), "PARLEY_SHUTDOWN_TIMEOUT") {
		t.Fatalf("err = %v", err)
	}
}

func TestServeValidateJoinsEveryProblem(t *testing.T) {
	var c Serve
	fs := c.FlagSet()
	err := Parse(fs, []string{"--eventstore=esdb", "--log-level=loud", "--log-format=xml",
		"--command-addr=nope", "--postgres-url=mysql://x", "--elasticsearch-url=es:9200", "--api-keys=k=acme:wizard:x", "--shutdown-timeout=-1s"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	c.Role = "boss"
	err = errors.Join(err, c.Validate())
	for _, want := range []string{"--role", "--esdb-url", "--log-level", "--log-format", "--command-addr", "--postgres-url", "--elasticsearch-url", "invalid actor", "--shutdown-timeout"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestExternalPostgresNeedsAPIKeysForAPIs(t *testing.T) {
	for role, wantErr := range map[string]bool{"all": true, "command": true, "query": true, "projector": false} {
		c := Serve{Role: role, DB: Database{PostgresURL: "postgres://db/parley"}}
		c.setDefaults()
		if err := c.Validate(); (err != nil) != wantErr {
			t.Errorf("role %s: err = %v", role, err)
		}
	}
}

func TestParseAPIKeys(t *testing.T) {
	keys, err := ParseAPIKeys(" k1=acme:agent:ann , k2=globex:api_client:crm:sync,")
	if err != nil {
		t.Fatal(err)
	}
	want := []APIKey{
		{Secret: "k1", AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "ann"}},
		{Secret: "k2", AccountID: "globex", Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "crm:sync"}},
	}
	if len(keys) != 2 || keys[0] != want[0] || keys[1] != want[1] {
		t.Fatalf("%+v", keys)
	}
	if keys[0].String() != "k1=acme:agent:ann" {
		t.Fatal(keys[0].String())
	}
	_, err = ParseAPIKeys("supersecret=acme:agent,=acme:agent:x,k=:agent:x")
	if err == nil || strings.Contains(err.Error(), "supersecret") || strings.Count(err.Error(), "entry") != 3 {
		t.Fatalf("err = %v", err)
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("esdb-url"); got != "PARLEY_ESDB_URL" {
		t.Fatal(got)
	}
}

func TestMigrateAndBenchValidate(t *testing.T) {
	var m Migrate
	if err := Parse(m.FlagSet(), []string{"--eventstore=kafka"}, env(nil)); err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "kafka") {
		t.Fatalf("err = %v", err)
	}
	var b Bench
	if err := Parse(b.FlagSet("commands", "x"), []string{"--concurrency=0", "--output=csv"}, env(nil)); err != nil {
		t.Fatal(err)
	}
	if err := b.Validate(); err == nil || !strings.Contains(err.Error(), "--concurrency") || !strings.Contains(err.Error(), "--output") {
		t.Fatalf("err = %v", err)
	}
}
