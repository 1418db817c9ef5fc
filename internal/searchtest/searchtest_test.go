package searchtest

import (
	"strings"
	"testing"
)

func TestAnUnreachableURLIsAnError(t *testing.T) {
	t.Setenv(EnvURL, "http://127.0.0.1:1")
	var n node
	if _, err := n.start(); err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("start = %v, want an error naming the address", err)
	}
}

func TestFindsTheStartScript(t *testing.T) {
	s, err := findScript()
	if err != nil || !strings.HasSuffix(s, "deploy/opensearch/opensearch.sh") {
		t.Fatalf("findScript = %q, %v", s, err)
	}
}

func TestPrefixesDiffer(t *testing.T) {
	if a, b := Prefix(t), Prefix(t); a == b || strings.ToLower(a) != a {
		t.Fatalf("prefixes %q %q", a, b)
	}
}
