package media

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestHostAllowlist(t *testing.T) {
	hosts := []string{"fbsbx.com", "http://127.0.0.1:4010"}
	tests := map[string]bool{
		"https://lookaside.fbsbx.com/x":  true,
		"https://fbsbx.com/x":            true,
		"http://lookaside.fbsbx.com/x":   false, // not https
		"https://evilfbsbx.com/x":        false,
		"https://fbsbx.com.evil.com/x":   false,
		"http://127.0.0.1:4010/download": true,
		"http://127.0.0.1:4011/download": false,
		"http://169.254.169.254/latest":  false,
	}
	for raw, want := range tests {
		u, _ := url.Parse(raw)
		if got := hostAllowed(u, hosts); got != want {
			t.Errorf("%s: allowed = %v, want %v", raw, got, want)
		}
	}
}

func TestFetchRefusesRedirectsOffTheAllowlistAndLimits(t *testing.T) {
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("secret")) }))
	defer internal.Close()
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/redirect":
			http.Redirect(w, r, internal.URL, http.StatusFound)
		case "/big":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write([]byte(strings.Repeat("x", 2048)))
		case "/exe":
			w.Header().Set("Content-Type", "application/x-msdownload")
			_, _ = w.Write([]byte("MZ"))
		default:
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write([]byte("png"))
		}
	}))
	defer provider.Close()
	limits := Limits{MaxBytes: 1024}
	blobs, err := NewBlobs(t.TempDir(), limits)
	if err != nil {
		t.Fatal(err)
	}
	f := NewFetcher(blobs, limits)
	hosts := []string{BaseHost(provider.URL)}
	get := func(path string) error {
		req, _ := http.NewRequest(http.MethodGet, provider.URL+path, nil)
		_, err := f.Fetch(t.Context(), req, hosts)
		return err
	}
	for _, path := range []string{"/redirect", "/big", "/exe"} {
		if err := get(path); !errors.Is(err, ErrRejected) {
			t.Errorf("%s: %v", path, err)
		}
	}
	if err := get("/ok"); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, internal.URL, nil)
	if _, err := f.Fetch(t.Context(), req, hosts); !errors.Is(err, ErrRejected) {
		t.Fatalf("a request to another host: %v", err)
	}
}

func TestSignedURLs(t *testing.T) {
	s := NewSigner([]byte("k"), time.Minute)
	now := time.Unix(1_700_000_000, 0)
	raw, _ := s.URL("http://x", "abc", now)
	u, _ := url.Parse(raw)
	exp, sig := u.Query().Get("exp"), u.Query().Get("sig")
	if !s.Valid("abc", exp, sig, now) {
		t.Fatal("fresh URL refused")
	}
	if s.Valid("abd", exp, sig, now) || s.Valid("abc", exp, sig, now.Add(2*time.Minute)) || s.Valid("abc", exp+"1", sig, now) {
		t.Fatal("a wrong key, an expired or altered URL was accepted")
	}
}
