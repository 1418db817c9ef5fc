package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// blobAttachments is AttachmentStore over the real blob store and signer
// (system.Media adds the stream lookup, tested in channels/dispatch).
type blobAttachments struct {
	blobs  *media.Blobs
	signer *media.Signer
}

func (b blobAttachments) Upload(ctx context.Context, r io.Reader, mime string) (string, error) {
	key, err := b.blobs.Put(ctx, r, mime)
	return "blob:" + key, err
}

func (b blobAttachments) SignedPath(_ context.Context, ref string) (string, time.Time, error) {
	u, exp := b.signer.URL(BasePath, strings.TrimPrefix(ref, "blob:"), time.Now())
	return u, exp, nil
}

func (b blobAttachments) MessageMedia(context.Context, string, string, string) (conversation.Media, error) {
	return conversation.Media{}, domain.NotFound("media_not_found", "the message has no media")
}

type agentList []AgentRef

func (a agentList) Agents(context.Context, string) ([]AgentRef, error) { return a, nil }

func attachmentHarness(t *testing.T) *harness {
	h := newHarness(t)
	convs := h.conversationCommands()
	blobs, err := media.NewBlobs(t.TempDir(), media.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	h.cmds.Authorize(convs)
	RegisterCommandRoutes(h.cmds, convs)
	RegisterAttachmentRoutes(h.cmds, convs, blobAttachments{blobs: blobs, signer: media.NewSigner([]byte("k"), time.Minute)})
	RegisterAgentRoutes(h.cmds, agentList{{ID: "alice", Name: "Alice Adams"}, {ID: "bob", Name: "bob"}})
	RegisterMediaRoute(h.engine.Group(BasePath), signedBlobs{blobs, media.NewSigner([]byte("k"), time.Minute)})
	return h
}

// signedBlobs serves the signed URLs as system.Media does.
type signedBlobs struct {
	blobs  *media.Blobs
	signer *media.Signer
}

func (s signedBlobs) Open(ctx context.Context, key, exp, sig string) (io.ReadSeekCloser, string, error) {
	if !s.signer.Valid(key, exp, sig, time.Now()) {
		return nil, "", domain.Forbidden("bad_media_signature", "bad signature")
	}
	f, mime, err := s.blobs.Open(ctx, key)
	if err != nil {
		return nil, "", domain.NotFound("media_not_found", "no such media")
	}
	return f, mime, nil
}

// multipartBody is a form with one file part.
func multipartBody(t *testing.T, field, filename, contentType string, data []byte) (string, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	hdr := textproto.MIMEHeader{}
	hdr.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+filename+`"`)
	if contentType != "" {
		hdr.Set("Content-Type", contentType)
	}
	p, err := w.CreatePart(hdr)
	if err != nil {
		t.Fatal(err)
	}
	p.Write(data)
	w.Close()
	return buf.String(), w.FormDataContentType()
}

func TestAttachmentUploadAndSend(t *testing.T) {
	h := attachmentHarness(t)
	open := `{"inbox_id":"web","channel":"sms","contact_id":"k1","first_inbound":{"message_id":"in1","type":"text","text":"hi","sent_at":"2026-01-01T10:00:00Z"}}`
	if r := h.do("POST", "/api/v1/conversations", keyAlice, `{"id":"c1",`+open[1:], nil); r.status != http.StatusAccepted {
		t.Fatalf("open: %d %s", r.status, r.body)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 100)...)
	upload := func(conv, field, name, ct string, data []byte) response {
		body, formType := multipartBody(t, field, name, ct, data)
		return h.do("POST", "/api/v1/conversations/"+conv+"/attachments", keyAlice, body, map[string]string{"Content-Type": formType})
	}
	r := upload("c1", "file", `C:\photos\parcel.png`, "image/png", png)
	if r.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var a Attachment
	if err := json.Unmarshal(r.body, &a); err != nil || !strings.HasPrefix(a.Ref, "blob:") || a.MimeType != "image/png" ||
		a.Size != int64(len(png)) || a.Filename != "parcel.png" || !strings.HasPrefix(a.URL, "/api/v1/media/") {
		t.Fatalf("upload answer %s (%v)", r.body, err)
	}
	if got := h.do("GET", a.URL, "", "", nil); got.status != http.StatusOK || !bytes.Equal(got.body, png) ||
		!strings.HasPrefix(got.header.Get("Content-Security-Policy"), "sandbox") || got.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("signed URL: %d, %d bytes, headers %v", got.status, len(got.body), got.header)
	}
	if got := h.do("GET", a.URL+"0", "", "", nil); got.status != http.StatusForbidden {
		t.Fatalf("tampered URL: %d", got.status)
	}
	send := `{"message_id":"m1","kind":"media","media":{"ref":"` + a.Ref + `","mime_type":"image/png","filename":"parcel.png","size":108}}`
	if r := h.do("POST", "/api/v1/conversations/c1/messages", keyAlice, send, nil); r.status != http.StatusAccepted {
		t.Fatalf("send: %d %s", r.status, r.body)
	}

	for _, c := range []struct {
		name, conv, field, filename, ct string
		data                            []byte
		status                          int
		code                            string
	}{
		{"html is refused", "c1", "file", "x.html", "text/html", []byte("<html><script>1</script>"), 415, "unsupported_media_type"},
		{"an image that is not one", "c1", "file", "x.png", "image/png", []byte("<svg onload=alert(1)>"), 415, "unsupported_media_type"},
		{"too large", "c1", "file", "big.pdf", "application/pdf", append([]byte("%PDF-1.4\n"), make([]byte, MaxAttachmentBytes)...), 413, "attachment_too_large"},
		{"no file part", "c1", "other", "x.png", "image/png", png, 400, "required"},
		{"unknown conversation", "nope", "file", "x.png", "image/png", png, 404, "not_found"},
	} {
		r := upload(c.conv, c.field, c.filename, c.ct, c.data)
		if r.status != c.status {
			t.Fatalf("%s: %d %s, want %d", c.name, r.status, r.body, c.status)
		}
		if p := r.problem(t); p.Code != c.code {
			t.Fatalf("%s: code %s, want %s", c.name, p.Code, c.code)
		}
	}
	if r := h.do("POST", "/api/v1/conversations/c1/attachments", keyAlice, `{"file":"x"}`, nil); r.status != http.StatusUnsupportedMediaType {
		t.Fatalf("JSON body: %d %s", r.status, r.body)
	}
	if r := h.do("GET", "/api/v1/conversations/c1/messages/in1/media", keyAlice, "", nil); r.status != http.StatusNotFound {
		t.Fatalf("media of a text message: %d %s", r.status, r.body)
	}
}

func TestAgentsRoute(t *testing.T) {
	h := attachmentHarness(t)
	r := h.do("GET", "/api/v1/agents", keyAlice, "", nil)
	var body struct{ Data []AgentRef }
	if r.status != http.StatusOK || json.Unmarshal(r.body, &body) != nil || len(body.Data) != 2 || body.Data[0].Name != "Alice Adams" {
		t.Fatalf("agents: %d %s", r.status, r.body)
	}
	if r := h.do("GET", "/api/v1/agents?q=a", keyAlice, "", nil); r.status != http.StatusBadRequest {
		t.Fatalf("agents with a parameter: %d", r.status)
	}
	if r := h.do("GET", "/api/v1/agents", "", "", nil); r.status != http.StatusUnauthorized {
		t.Fatalf("agents without a credential: %d", r.status)
	}
}
