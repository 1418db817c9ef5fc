package dispatch_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels/fakes/whatsappfake"
	"github.com/parley-inbox/parley/domain/conversation"
)

// An agent's upload (ref "blob:<key>") goes out as a short-lived public
// URL on the webhook server, which the provider can fetch; the ref itself
// never reaches the provider.
func TestUploadedMediaIsSentAsASignedLink(t *testing.T) {
	h, fake, convID := setup(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 64)...)
	ref, err := h.System.Admin.Media.Upload(t.Context(), bytes.NewReader(png), "image/png")
	if err != nil || !strings.HasPrefix(ref, "blob:") {
		t.Fatalf("upload: %q, %v", ref, err)
	}
	md := &conversation.Media{Ref: ref, MimeType: "image/png", Size: int64(len(png)), Filename: "photo.png", Caption: "your parcel"}
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "m1", Kind: conversation.KindMedia, Media: md}); err != nil {
		t.Fatal(err)
	}
	h.Dispatch()
	sent := fake.Sent()
	if len(sent) != 1 {
		t.Fatalf("%d sends, want 1", len(sent))
	}
	image, _ := sent[0].Body["image"].(map[string]any)
	link, _ := image["link"].(string)
	if !strings.HasPrefix(link, h.Webhooks.URL+"/media/") || image["id"] != nil || image["caption"] != "your parcel" {
		t.Fatalf("image sent as %v", sent[0].Body)
	}
	res, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(got, png) || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("fetching the link: %d %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(got))
	}
	if s := h.State(convID).Messages["m1"].Status; s != conversation.StatusSent {
		t.Fatalf("status %s", s)
	}
	// The web app finds the message's media again, only in its own account.
	found, err := h.System.Admin.Media.MessageMedia(t.Context(), "acme", convID, "m1")
	if err != nil || found.Ref != ref || found.Filename != "photo.png" {
		t.Fatalf("MessageMedia: %+v, %v", found, err)
	}
	if _, err := h.System.Admin.Media.MessageMedia(t.Context(), "other", convID, "m1"); err == nil {
		t.Fatal("another account found the media")
	}
	path, _, err := h.System.Admin.Media.SignedPath(t.Context(), ref)
	if err != nil || !strings.HasPrefix(path, "/api/v1/media/") {
		t.Fatalf("SignedPath: %q, %v", path, err)
	}
}

// Inbound media a provider holds is downloaded on the first look and then
// served like an upload (the web app's timeline previews).
func TestInboundMediaIsFoundAsABlob(t *testing.T) {
	h, fake, convID := setup(t)
	fake.AddMedia("media-7", whatsappfake.Media{MimeType: "image/jpeg", Data: []byte("\xff\xd8\xff a photo")})
	if status, err := fake.PostWebhook(t.Context(), fake.ImageMessage(customer, "Sheena", "wamid.IMG", "media-7", "look", time.Now())); err != nil || status != http.StatusOK {
		t.Fatalf("webhook %d, %v", status, err)
	}
	var msgID string
	for _, e := range h.Events(convID) {
		if r, ok := e.(conversation.MessageReceived); ok && r.Media != nil {
			msgID = r.MessageID
		}
	}
	md, err := h.System.Admin.Media.MessageMedia(t.Context(), "acme", convID, msgID)
	if err != nil || !strings.HasPrefix(md.Ref, "blob:") || md.Caption != "look" {
		t.Fatalf("MessageMedia: %+v, %v", md, err)
	}
	path, _, err := h.System.Admin.Media.SignedPath(t.Context(), md.Ref)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(path)
	f, mime, err := h.System.Admin.Media.Open(t.Context(), strings.TrimPrefix(u.Path, "/api/v1/media/"), u.Query().Get("exp"), u.Query().Get("sig"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if mime != "image/jpeg" || string(got) != "\xff\xd8\xff a photo" {
		t.Fatalf("served %s %q", mime, got)
	}
}
