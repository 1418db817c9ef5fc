package email

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// compose writes the reply as a text/plain UTF-8 message.
func compose(in channels.Inbox, out channels.Outbound, id string, now time.Time) []byte {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	from := mail.Address{Name: in.Name, Address: in.ProviderAccountID}
	header("From", from.String())
	header("To", (&mail.Address{Address: out.To}).String())
	subject := out.Thread.Subject
	if out.Thread.InReplyTo != "" || subject == "" { // a reply; a first message keeps its subject as written
		subject = replySubject(subject)
	}
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", now.UTC().Format(time.RFC1123Z))
	header("Message-ID", id)
	if out.Thread.InReplyTo != "" {
		header("In-Reply-To", out.Thread.InReplyTo)
	}
	if len(out.Thread.References) > 0 {
		header("References", strings.Join(out.Thread.References, " "))
	}
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="utf-8"`)
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	w := quotedprintable.NewWriter(&b)
	_, _ = w.Write([]byte(strings.ReplaceAll(body(out.Message), "\n", "\r\n")))
	_ = w.Close()
	return b.Bytes()
}

func body(m conversation.MessageSent) string {
	if m.Kind == conversation.KindMedia && m.Media != nil {
		return strings.TrimSpace(m.Media.Caption + "\n\n" + firstNonEmpty(m.Media.Filename, "attachment") + ": " + m.Media.URL)
	}
	return m.Text
}

func replySubject(s string) string {
	if s == "" {
		return "Your message"
	}
	if strings.HasPrefix(strings.ToLower(s), "re:") {
		return s
	}
	return "Re: " + s
}
