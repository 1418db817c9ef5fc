package email

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parseFixture(t *testing.T, name string) Parsed {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlainReplyIsThreadedAndFolded(t *testing.T) {
	p := parseFixture(t, "plain_reply.eml")
	if p.From != "ana.lima@example.com" || p.FromName != "Ana Lima" || p.MessageID != "<CAF1=reply-1@mail.example.com>" {
		t.Errorf("headers %+v", p)
	}
	if p.InReplyTo != "<abc.reply-1@acme.test>" || len(p.References) != 2 {
		t.Errorf("threading %q %v", p.InReplyTo, p.References)
	}
	if p.Text != "Thanks, that works!" {
		t.Errorf("text %q", p.Text)
	}
}

func TestHTMLIsReducedToText(t *testing.T) {
	p := parseFixture(t, "html_only.eml")
	if p.Subject != "Problème de livraison" {
		t.Errorf("subject %q", p.Subject)
	}
	for _, bad := range []string{"<", "alert", "color:red", "pixel.gif"} {
		if strings.Contains(p.Text, bad) {
			t.Errorf("text keeps %q: %q", bad, p.Text)
		}
	}
	if p.Text != "Hello,\n\nMy parcel is damaged. See tracking [https://track.example.com/42]." {
		t.Errorf("text %q", p.Text)
	}
}

func TestAlternativeWithAttachment(t *testing.T) {
	p := parseFixture(t, "alternative_with_attachment.eml")
	if p.Text != "Voici la facture, merci d'avance. à bientôt" {
		t.Errorf("text %q", p.Text)
	}
	if p.FromName != "Chloé" {
		t.Errorf("name %q", p.FromName)
	}
	if len(p.Attachments) != 1 || p.Attachments[0].Filename != "facture.pdf" || !strings.HasPrefix(string(p.Attachments[0].Data), "%PDF-1.4") {
		t.Fatalf("attachments %+v", p.Attachments)
	}
}

func TestOutlookHistoryIsFolded(t *testing.T) {
	if p := parseFixture(t, "outlook_reply.eml"); p.Text != "Any news on the refund?" {
		t.Errorf("text %q", p.Text)
	}
}

func TestFoldQuotedKeepsAllQuoteMessages(t *testing.T) {
	if got := FoldQuoted("> only a quote"); got != "> only a quote" {
		t.Errorf("got %q", got)
	}
}
