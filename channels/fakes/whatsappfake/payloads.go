package whatsappfake

import (
	"encoding/json"
	"fmt"
	"time"
)

// TextMessage is a documented "messages" webhook carrying a customer's text.
func (s *Server) TextMessage(from, name, wamid, text string, at time.Time) []byte {
	return s.messageWebhook(from, name, map[string]any{
		"from": from, "id": wamid, "timestamp": fmt.Sprint(at.Unix()), "type": "text",
		"text": map[string]string{"body": text},
	})
}

// ImageMessage is a webhook carrying an image stored with AddMedia.
func (s *Server) ImageMessage(from, name, wamid, mediaID, caption string, at time.Time) []byte {
	return s.messageWebhook(from, name, map[string]any{
		"from": from, "id": wamid, "timestamp": fmt.Sprint(at.Unix()), "type": "image",
		"image": map[string]string{"id": mediaID, "mime_type": "image/jpeg", "caption": caption, "sha256": "fake"},
	})
}

// StatusUpdate is a webhook reporting a delivery status of a sent message.
func (s *Server) StatusUpdate(wamid, recipient, status string, at time.Time) []byte {
	return s.wrap(map[string]any{"statuses": []map[string]any{{
		"id": wamid, "status": status, "timestamp": fmt.Sprint(at.Unix()), "recipient_id": recipient,
	}}})
}

func (s *Server) messageWebhook(from, name string, msg map[string]any) []byte {
	return s.wrap(map[string]any{
		"contacts": []map[string]any{{"profile": map[string]string{"name": name}, "wa_id": from}},
		"messages": []map[string]any{msg},
	})
}

func (s *Server) wrap(value map[string]any) []byte {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = map[string]string{"display_phone_number": "15550000000", "phone_number_id": s.cfg.PhoneNumberID}
	b, _ := json.Marshal(map[string]any{
		"object": "whatsapp_business_account",
		"entry":  []map[string]any{{"id": "WABA-FAKE", "changes": []map[string]any{{"field": "messages", "value": value}}}},
	})
	return b
}
