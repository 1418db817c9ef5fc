package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"
)

// Parsed is an inbound email as Parley keeps it.
type Parsed struct {
	From        string // lower-cased address
	FromName    string
	MessageID   string // with angle brackets
	InReplyTo   string
	References  []string
	Subject     string
	Date        time.Time
	Text        string // plain text, HTML reduced to text, quoted history folded away
	Attachments []Attachment
}

// Attachment is a file carried by an email.
type Attachment struct {
	Filename string
	MimeType string
	Data     []byte
}

// maxDepth bounds nested multiparts.
const maxDepth = 8

// Parse reads a raw RFC 5322 message.
func Parse(raw []byte) (Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Parsed{}, fmt.Errorf("email: read message: %w", err)
	}
	var p Parsed
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) == 0 {
		return Parsed{}, fmt.Errorf("email: no valid From: %v", err)
	}
	p.From, p.FromName = strings.ToLower(from[0].Address), from[0].Name
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		p.Subject = msg.Header.Get("Subject")
	}
	p.MessageID = strings.TrimSpace(msg.Header.Get("Message-Id"))
	if p.MessageID == "" { // a stable stand-in, so that a redelivery is still recognised
		sum := sha256.Sum256(raw)
		p.MessageID = "<" + hex.EncodeToString(sum[:16]) + "@parley.generated>"
	}
	p.InReplyTo = strings.TrimSpace(msg.Header.Get("In-Reply-To"))
	p.References = strings.Fields(msg.Header.Get("References"))
	if p.Date, err = msg.Header.Date(); err != nil {
		p.Date = time.Time{}
	}
	var plain, html string
	if err := walk(textproto.MIMEHeader(msg.Header), msg.Body, 0, &plain, &html, &p.Attachments); err != nil {
		return Parsed{}, err
	}
	text := plain
	if strings.TrimSpace(text) == "" && html != "" {
		text = HTMLToText(html)
	}
	p.Text = FoldQuoted(strings.ReplaceAll(text, "\r\n", "\n"))
	return p, nil
}

func walk(h textproto.MIMEHeader, body io.Reader, depth int, plain, html *string, atts *[]Attachment) error {
	if depth > maxDepth {
		return fmt.Errorf("email: multiparts nested deeper than %d", maxDepth)
	}
	ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		ct, params = "text/plain", map[string]string{"charset": "utf-8"}
	}
	if strings.HasPrefix(ct, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("email: multipart: %w", err)
			}
			if err := walk(part.Header, part, depth+1, plain, html, atts); err != nil {
				return err
			}
		}
	}
	data, err := io.ReadAll(decodeTransfer(h.Get("Content-Transfer-Encoding"), body))
	if err != nil {
		return fmt.Errorf("email: decode part: %w", err)
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := firstNonEmpty(dparams["filename"], params["name"])
	switch {
	case disp == "attachment" || (filename != "" && !strings.HasPrefix(ct, "text/")):
		*atts = append(*atts, Attachment{Filename: filename, MimeType: ct, Data: data})
	case ct == "text/plain" && *plain == "":
		*plain = toUTF8(data, params["charset"])
	case ct == "text/html" && *html == "":
		*html = toUTF8(data, params["charset"])
	}
	return nil
}

func decodeTransfer(enc string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &newlineStripper{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// newlineStripper drops CR and LF, which base64 bodies are wrapped with.
type newlineStripper struct{ r io.Reader }

func (n *newlineStripper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, b := range p[:k] {
			if b != '\r' && b != '\n' {
				p[j] = b
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

func toUTF8(data []byte, charset string) string {
	cs := strings.ToLower(charset)
	if cs == "" || cs == "utf-8" || cs == "us-ascii" {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(out)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
