// Package blobtest is the contract suite of the media blob store port
// (media.Store): every adapter runs it. It is imported only by tests.
package blobtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/parley-inbox/parley/channels/media"
)

// Limits are the limits the suite gives every store it makes.
var Limits = media.Limits{MaxBytes: 1 << 10, Types: []string{"image/", "application/pdf"}}

// S3 starts an in-process S3-compatible server (gofakes3 over its memory
// backend: a real S3 cannot run in tests) with one bucket; it speaks the S3
// REST API the client uses (signed requests, HEAD, ranged GET, PUT with
// Content-Type).
func S3(t testing.TB, bucket string) (*httptest.Server, *s3mem.Backend) {
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	return srv, backend
}

// Run runs the contract against stores made by newStore (each subtest gets
// a fresh one, configured with Limits).
func Run(t *testing.T, newStore func(t *testing.T, limits media.Limits) media.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, s media.Store)
	}{
		{"put then open gives the bytes and type back", putOpen},
		{"the key is the content hash; the same bytes give the same key", contentAddressed},
		{"an opened blob seeks (range requests)", seeks},
		{"unknown and malformed keys are not found", unknownKeys},
		{"a type outside the limits is rejected", rejectsType},
		{"a blob over the size limit is rejected and not stored", rejectsSize},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, newStore(t, Limits))
		})
	}
}

func put(t *testing.T, s media.Store, data, mime string) string {
	t.Helper()
	key, err := s.Put(t.Context(), strings.NewReader(data), mime)
	if err != nil {
		t.Fatalf("put: %v", err)
	}
	return key
}

func read(t *testing.T, s media.Store, key string) (string, string) {
	t.Helper()
	r, mime, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), mime
}

func putOpen(t *testing.T, s media.Store) {
	key := put(t, s, "\x89PNG fake image", "image/png")
	if data, mime := read(t, s, key); data != "\x89PNG fake image" || mime != "image/png" {
		t.Fatalf("read %q as %q", data, mime)
	}
}

func contentAddressed(t *testing.T, s media.Store) {
	a := put(t, s, "same bytes", "application/pdf")
	b := put(t, s, "same bytes", "application/pdf")
	c := put(t, s, "other bytes", "application/pdf")
	sum := sha256.Sum256([]byte("same bytes"))
	if a != b || a == c || a != hex.EncodeToString(sum[:]) {
		t.Fatalf("keys %s %s %s", a, b, c)
	}
}

func seeks(t *testing.T, s media.Store) {
	key := put(t, s, "0123456789", "image/jpeg")
	r, _, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Seek(4, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 3)
	if _, err := io.ReadFull(r, buf); err != nil || !bytes.Equal(buf, []byte("456")) {
		t.Fatalf("after seeking: %q, %v", buf, err)
	}
	if n, err := r.Seek(0, io.SeekEnd); err != nil || n != 10 {
		t.Fatalf("size by seeking to the end: %d, %v", n, err)
	}
}

func unknownKeys(t *testing.T, s media.Store) {
	put(t, s, "something", "image/png")
	for _, key := range []string{strings.Repeat("a", 64), "../../etc/passwd", "", strings.Repeat("A", 64)} {
		if _, _, err := s.Open(t.Context(), key); !errors.Is(err, media.ErrNotFound) {
			t.Errorf("%q: %v", key, err)
		}
	}
}

func rejectsType(t *testing.T, s media.Store) {
	if _, err := s.Put(t.Context(), strings.NewReader("MZ"), "application/x-msdownload"); !errors.Is(err, media.ErrRejected) {
		t.Fatalf("put: %v", err)
	}
}

func rejectsSize(t *testing.T, s media.Store) {
	big := strings.Repeat("x", int(Limits.MaxBytes)+1)
	if _, err := s.Put(t.Context(), strings.NewReader(big), "image/png"); !errors.Is(err, media.ErrRejected) {
		t.Fatalf("put: %v", err)
	}
	exact := put(t, s, big[1:], "image/png")
	if data, _ := read(t, s, exact); len(data) != int(Limits.MaxBytes) {
		t.Fatalf("a blob of exactly the limit came back with %d bytes", len(data))
	}
}
