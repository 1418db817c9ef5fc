package whatsapp

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// ParseWebhook turns a Cloud API webhook body into messages, statuses and
// quality updates. Changes for another phone number than the inbox's are
// ignored; message types Parley does not model are skipped.
func (a *Adapter) ParseWebhook(in channels.Inbox, req channels.WebhookRequest) (channels.Inbound, error) {
	var p payload
	if err := json.Unmarshal(req.Body, &p); err != nil {
		return channels.Inbound{}, fmt.Errorf("whatsapp: %w: %w", channels.ErrMalformed, err)
	}
	if p.Object != "whatsapp_business_account" {
		return channels.Inbound{}, fmt.Errorf("whatsapp: %w: object %q", channels.ErrMalformed, p.Object)
	}
	var out channels.Inbound
	for _, e := range p.Entry {
		for _, ch := range e.Changes {
			switch ch.Field {
			case "messages":
				if in.ProviderAccountID != "" && ch.Value.Metadata.PhoneNumberID != in.ProviderAccountID {
					continue
				}
				parseMessages(ch.Value, &out)
			case "phone_number_quality_update":
				out.Quality = &channels.QualityUpdate{Rating: qualityRating(ch.Value.Event), Detail: ch.Value.Event + " " + ch.Value.CurrentLimit}
			}
		}
	}
	return out, nil
}

func parseMessages(v value, out *channels.Inbound) {
	names := map[string]string{}
	for _, c := range v.Contacts {
		names[c.WaID] = c.Profile.Name
	}
	for _, m := range v.Messages {
		rm, ok := receiveMessage(m)
		if !ok {
			continue
		}
		out.Messages = append(out.Messages, channels.InboundMessage{ProviderContactID: m.From, ContactName: names[m.From], Message: rm})
	}
	for _, s := range v.Statuses {
		out.Statuses = append(out.Statuses, statusUpdate(s))
	}
}

func statusUpdate(s status) channels.StatusUpdate {
	u := channels.StatusUpdate{ProviderMessageID: s.ID, Status: conversation.DeliveryStatus(s.Status), At: unixTime(s.Timestamp)}
	if len(s.Errors) > 0 {
		e := s.Errors[0]
		u.ErrorCode = strconv.Itoa(e.Code)
		u.Reason = strings.TrimSpace(e.Title + ": " + firstNonEmpty(e.ErrorData.Details, e.Message))
	}
	return u
}

// qualityRating maps a quality update event to a rating.
func qualityRating(event string) string {
	switch event {
	case "FLAGGED", "DOWNGRADE":
		return "RED"
	case "UNFLAGGED", "UPGRADE", "ONBOARDING":
		return "GREEN"
	}
	return event
}

func unixTime(ts string) time.Time {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// Accounts returns the phone number ids a delivery concerns.
func (a *Adapter) Accounts(req channels.WebhookRequest) ([]string, error) {
	var p payload
	if err := json.Unmarshal(req.Body, &p); err != nil {
		return nil, fmt.Errorf("whatsapp: %w: %w", channels.ErrMalformed, err)
	}
	var ids []string
	for _, e := range p.Entry {
		for _, ch := range e.Changes {
			if id := ch.Value.Metadata.PhoneNumberID; id != "" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}
