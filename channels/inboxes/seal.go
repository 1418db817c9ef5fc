package inboxes

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"fmt"

	"github.com/parley-inbox/parley/channels"
)

// sealer encrypts credentials with AES-256-GCM; the inbox id is bound as
// additional data so a ciphertext cannot be moved to another inbox.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (*sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("inboxes: the credentials key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("inboxes: cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("inboxes: gcm: %w", err)
	}
	return &sealer{aead: aead}, nil
}

func (s *sealer) seal(inboxID string, c channels.Credentials) ([]byte, error) {
	plain, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("inboxes: encode credentials: %w", err)
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("inboxes: nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(inboxID)), nil
}

func (s *sealer) open(inboxID string, sealed []byte) (channels.Credentials, error) {
	var c channels.Credentials
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return c, fmt.Errorf("inboxes: credentials of %s are truncated", inboxID)
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(inboxID))
	if err != nil {
		return c, fmt.Errorf("inboxes: decrypt credentials of %s: %w", inboxID, err)
	}
	if err := json.Unmarshal(plain, &c); err != nil {
		return c, fmt.Errorf("inboxes: decode credentials of %s: %w", inboxID, err)
	}
	return c, nil
}
