package system_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/smtpfake"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/channels/media/blobtest"
	"github.com/parley-inbox/parley/channels/system"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const withAttachment = "From: Chloe <chloe@example.fr>\r\nTo: support@acme.test\r\nSubject: Facture\r\nMessage-ID: <a1@example.fr>\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
	"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoici la facture.\r\n" +
	"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=facture.pdf\r\n\r\n%PDF-1.4 fake\r\n--b--\r\n"

// With media in S3 (an in-process S3-compatible server, blobtest.S3: a
// real S3 cannot run here), an email attachment lands in the bucket and the
// agent's signed URL streams it from there.
func TestMediaInS3(t *testing.T) {
	s3, backend := blobtest.S3(t, "media")
	h := channeltest.New(t, func(c *system.Config) {
		c.MediaDir = ""
		c.MediaS3 = media.S3Config{Endpoint: s3.URL, Bucket: "media", Prefix: "parley/", AccessKey: "k", SecretKey: "s", PathStyle: true}
	})
	h.Connect(channels.Inbox{ID: "mail-1", AccountID: "acme", Channel: conversation.ChannelEmail, Name: "Acme", ProviderAccountID: "support@acme.test"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = h.System.MailServer().Serve(t.Context(), ln) }()
	if err := smtpfake.Send(t.Context(), ln.Addr().String(), "chloe@example.fr", []string{"support@acme.test"}, []byte(withAttachment)); err != nil {
		t.Fatal(err)
	}
	convID := ledger.ConversationID("mail-1", "chloe@example.fr")
	var doc conversation.MessageReceived
	for _, e := range h.Events(convID) {
		if r, ok := e.(conversation.MessageReceived); ok && r.Media != nil {
			doc = r
		}
	}
	key, ok := strings.CutPrefix(doc.Media.Ref, system.BlobRef)
	if !ok {
		t.Fatalf("attachment %+v", doc)
	}
	if obj, err := backend.HeadObject("media", "parley/"+key); err != nil || obj.Metadata["Content-Type"] != "application/pdf" {
		t.Fatalf("object in the bucket: %+v, %v", obj, err)
	}
	u, _, err := h.System.Admin.Media.URL(t.Context(), "acme", convID, doc.MessageID)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != "%PDF-1.4 fake" || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("signed URL answered %d %q %q, %v", resp.StatusCode, resp.Header.Get("Content-Type"), body, err)
	}
}
