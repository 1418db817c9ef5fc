package whatsapp_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/channels/channeltest"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// fetch gets a signed media URL as an agent of account would, loads it,
// and checks that a tampered signature is refused.
func fetch(t *testing.T, h *channeltest.Harness, account, convID, msgID string) string {
	t.Helper()
	u, _, err := h.System.Admin.Media.URL(t.Context(), account, convID, msgID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.System.Admin.Media.URL(t.Context(), "other-account", convID, msgID); err == nil {
		t.Fatal("another account got a media URL")
	}
	resp, err := http.Get(strings.Replace(u, "sig=", "sig=0", 1))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("tampered media URL answered %d", resp.StatusCode)
	}
	resp, err = http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("media answered %d, %v", resp.StatusCode, err)
	}
	return string(body)
}
