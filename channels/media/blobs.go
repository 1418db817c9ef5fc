// Package media keeps inbound media: a content-addressed blob store in a
// local directory, downloads from providers restricted to each adapter's
// hosts (no fetching of arbitrary URLs from webhook payloads), size and
// type limits, and short-lived HMAC-signed URLs through which agents'
// browsers fetch the bytes.
package media

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrNotFound is returned for an unknown blob.
var ErrNotFound = errors.New("media: no such blob")

// ErrRejected marks media refused by the limits or the host allowlist.
var ErrRejected = errors.New("media: rejected")

// Limits bound what is stored.
type Limits struct {
	MaxBytes int64    // default 25 MiB
	Types    []string // allowed MIME type prefixes; default images, audio, video, PDF, text, office documents
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 25 << 20
	}
	if len(l.Types) == 0 {
		l.Types = []string{"image/", "audio/", "video/", "text/plain", "application/pdf", "application/msword",
			"application/vnd.openxmlformats-officedocument.", "application/vnd.ms-excel", "application/zip", "application/octet-stream"}
	}
	return l
}

// Allowed reports whether a MIME type may be stored.
func (l Limits) Allowed(mime string) bool {
	for _, p := range l.withDefaults().Types {
		if strings.HasPrefix(mime, p) {
			return true
		}
	}
	return false
}

// Blobs is a content-addressed store in a directory.
type Blobs struct {
	dir    string
	limits Limits
}

// NewBlobs returns a store in dir, which is created on the first Put.
func NewBlobs(dir string, limits Limits) (*Blobs, error) {
	if dir == "" {
		return nil, fmt.Errorf("media: no blob directory")
	}
	return &Blobs{dir: dir, limits: limits.withDefaults()}, nil
}

var keyPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Put stores up to the size limit of r as a blob of type mime and returns
// its key (the SHA-256 of the bytes).
func (b *Blobs) Put(r io.Reader, mime string) (string, error) {
	if !b.limits.Allowed(mime) {
		return "", fmt.Errorf("%w: type %q is not allowed", ErrRejected, mime)
	}
	if err := os.MkdirAll(b.dir, 0o700); err != nil {
		return "", fmt.Errorf("media: blob dir: %w", err)
	}
	tmp, err := os.CreateTemp(b.dir, "upload-*")
	if err != nil {
		return "", fmt.Errorf("media: temp file: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, b.limits.MaxBytes+1))
	if err != nil {
		return "", fmt.Errorf("media: write blob: %w", err)
	}
	if n > b.limits.MaxBytes {
		return "", fmt.Errorf("%w: larger than %d bytes", ErrRejected, b.limits.MaxBytes)
	}
	key := hex.EncodeToString(h.Sum(nil))
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("media: close blob: %w", err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, key+".type"), []byte(mime), 0o600); err != nil {
		return "", fmt.Errorf("media: write type: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(b.dir, key)); err != nil {
		return "", fmt.Errorf("media: store blob: %w", err)
	}
	return key, nil
}

// Open returns a blob and its MIME type.
func (b *Blobs) Open(key string) (*os.File, string, error) {
	if !keyPattern.MatchString(key) {
		return nil, "", ErrNotFound
	}
	mime, err := os.ReadFile(filepath.Join(b.dir, key+".type"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("media: read type: %w", err)
	}
	f, err := os.Open(filepath.Join(b.dir, key))
	if err != nil {
		return nil, "", fmt.Errorf("media: open blob: %w", err)
	}
	return f, string(mime), nil
}
