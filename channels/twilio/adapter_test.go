package twilio

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// The example of Twilio's "Validating requests" documentation.
func TestSignatureMatchesTwilioDocumentation(t *testing.T) {
	form := url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+12349013030"}, "Digits": {"1234"}, "From": {"+12349013030"}, "To": {"+18005551212"}}
	if got := channels.TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form); got != "0/KCTR6DLpKmkAf8muzZqo1nDgQ=" {
		t.Fatalf("signature %s", got)
	}
}

var testInbox = channels.Inbox{ID: "sms-1", Channel: conversation.ChannelSMS, ProviderAccountID: "+15557654321",
	Credentials: channels.Credentials{AccountSID: "AC123", AccessToken: "auth-token", WebhookURL: "https://parley.example.com/webhooks/sms-1"}}

func signed(form url.Values) channels.WebhookRequest {
	h := http.Header{}
	h.Set("X-Twilio-Signature", channels.TwilioSignature("auth-token", testInbox.Credentials.WebhookURL, form))
	return channels.WebhookRequest{Method: http.MethodPost, Header: h, Body: []byte(form.Encode())}
}

func TestParseIncomingAndStatuses(t *testing.T) {
	a := New(nil)
	sms := url.Values{"MessageSid": {"SM1"}, "AccountSid": {"AC123"}, "From": {"+14155550100"}, "To": {"+15557654321"}, "Body": {"Where is my order?"}, "NumMedia": {"0"}}
	mms := url.Values{"MessageSid": {"MM2"}, "AccountSid": {"AC123"}, "From": {"+14155550100"}, "To": {"+15557654321"}, "Body": {"photo"}, "NumMedia": {"1"},
		"MediaUrl0": {"https://api.twilio.com/2010-04-01/Accounts/AC123/Messages/MM2/Media/ME3"}, "MediaContentType0": {"image/jpeg"}}
	tests := []struct {
		name  string
		form  url.Values
		check func(channels.Inbound) bool
	}{
		{"sms", sms, func(in channels.Inbound) bool {
			return in.Messages[0].Message.Text == "Where is my order?" && in.Messages[0].ProviderContactID == "+14155550100"
		}},
		{"mms", mms, func(in channels.Inbound) bool {
			m := in.Messages[0].Message
			return m.Type == conversation.TypeImage && m.Media.URL != "" && m.Media.Caption == "photo"
		}},
		{"delivered", url.Values{"MessageSid": {"SM9"}, "MessageStatus": {"delivered"}}, func(in channels.Inbound) bool {
			return in.Statuses[0].Status == conversation.StatusDelivered
		}},
		{"undelivered", url.Values{"MessageSid": {"SM9"}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30003"}}, func(in channels.Inbound) bool {
			return in.Statuses[0].Status == conversation.StatusFailed && in.Statuses[0].ErrorCode == "30003"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := signed(tt.form)
			if err := a.VerifyWebhook(testInbox, req); err != nil {
				t.Fatal(err)
			}
			in, err := a.ParseWebhook(testInbox, req)
			if err != nil || !tt.check(in) {
				t.Fatalf("%+v, %v", in, err)
			}
			for _, m := range in.Messages {
				m.Message.MessageID = "x"
				if err := m.Message.Validate(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestTamperedFormIsRejected(t *testing.T) {
	req := signed(url.Values{"MessageSid": {"SM1"}, "From": {"+14155550100"}, "Body": {"hi"}})
	req.Body = []byte(url.Values{"MessageSid": {"SM1"}, "From": {"+14155550199"}, "Body": {"hi"}}.Encode())
	if err := New(nil).VerifyWebhook(testInbox, req); !errors.Is(err, channels.ErrBadSignature) {
		t.Fatalf("got %v", err)
	}
}
