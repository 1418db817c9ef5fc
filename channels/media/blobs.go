// Package media keeps inbound media: a content-addressed blob store (a
// local directory, or S3-compatible object storage), downloads from providers restricted to each adapter's
// hosts (no fetching of arbitrary URLs from webhook payloads), size and
// type limits, and short-lived HMAC-signed URLs through which agents'
// browsers fetch the bytes.
package media

import (
	"context"
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

// Store is the blob store port: content-addressed blobs with their MIME
// type, within Limits. Blobs (a local directory, the default) and S3Blobs
// (S3-compatible object storage, for production) are its adapters; both
// pass the contract suite in blobtest.
type Store interface {
	// Put stores up to the size limit of r as a blob of type mime and
	// returns its key (the hex SHA-256 of the bytes). The same bytes give
	// the same key; errors wrap ErrRejected for what the limits refuse.
	Put(ctx context.Context, r io.Reader, mime string) (string, error)
	// Open returns a blob and its MIME type, or ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, string, error)
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

// spooled is an upload written to a temporary file while it is hashed.
type spooled struct {
	*os.File
	key  string
	size int64
}

// remove closes and deletes the temporary file (if it is still there).
func (s spooled) remove() {
	_ = s.Close()
	_ = os.Remove(s.Name())
}

// spool checks the type, copies up to the size limit of r into a temporary
// file in dir ("" for the system's) and hashes it; the file is rewound.
func spool(dir string, r io.Reader, mime string, limits Limits) (spooled, error) {
	if !limits.Allowed(mime) {
		return spooled{}, fmt.Errorf("%w: type %q is not allowed", ErrRejected, mime)
	}
	tmp, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return spooled{}, fmt.Errorf("media: temp file: %w", err)
	}
	s := spooled{File: tmp}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limits.MaxBytes+1))
	if err == nil && n > limits.MaxBytes {
		err = fmt.Errorf("%w: larger than %d bytes", ErrRejected, limits.MaxBytes)
	}
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.remove()
		return spooled{}, fmt.Errorf("media: write blob: %w", err)
	}
	s.key, s.size = hex.EncodeToString(h.Sum(nil)), n
	return s, nil
}

// Put implements Store.
func (b *Blobs) Put(_ context.Context, r io.Reader, mime string) (string, error) {
	if err := os.MkdirAll(b.dir, 0o700); err != nil {
		return "", fmt.Errorf("media: blob dir: %w", err)
	}
	s, err := spool(b.dir, r, mime, b.limits)
	if err != nil {
		return "", err
	}
	defer s.remove()
	if err := s.Close(); err != nil {
		return "", fmt.Errorf("media: close blob: %w", err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, s.key+".type"), []byte(mime), 0o600); err != nil {
		return "", fmt.Errorf("media: write type: %w", err)
	}
	if err := os.Rename(s.Name(), filepath.Join(b.dir, s.key)); err != nil {
		return "", fmt.Errorf("media: store blob: %w", err)
	}
	return s.key, nil
}

// Open implements Store.
func (b *Blobs) Open(_ context.Context, key string) (io.ReadSeekCloser, string, error) {
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
