package telegram

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

type update struct {
	UpdateID int64    `json:"update_id"`
	Message  *message `json:"message"`
}

type message struct {
	MessageID int64 `json:"message_id"`
	From      *user `json:"from"`
	Chat      struct {
		ID   int64  `json:"id"`
		Type string `json:"type"`
	} `json:"chat"`
	Date     int64      `json:"date"`
	Text     string     `json:"text"`
	Caption  string     `json:"caption"`
	Photo    []file     `json:"photo"`
	Voice    *file      `json:"voice"`
	Audio    *file      `json:"audio"`
	Video    *file      `json:"video"`
	Document *file      `json:"document"`
	Sticker  *file      `json:"sticker"`
	Location *location  `json:"location"`
	Venue    *venue     `json:"venue"`
	Contact  *tgContact `json:"contact"`
}

type user struct {
	ID        int64  `json:"id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Username  string `json:"username"`
}

type file struct {
	FileID   string `json:"file_id"`
	FileName string `json:"file_name"`
	MimeType string `json:"mime_type"`
	FileSize int64  `json:"file_size"`
	Width    int    `json:"width"`
}

type location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type venue struct {
	Location location `json:"location"`
	Title    string   `json:"title"`
	Address  string   `json:"address"`
}

type tgContact struct {
	PhoneNumber string `json:"phone_number"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
}

// ParseWebhook turns an Update into an inbound message. Updates other than
// new private messages (edits, channel posts, callbacks) report nothing.
func (a *Adapter) ParseWebhook(in channels.Inbox, req channels.WebhookRequest) (channels.Inbound, error) {
	var u update
	if err := json.Unmarshal(req.Body, &u); err != nil {
		return channels.Inbound{}, fmt.Errorf("telegram: %w: %w", channels.ErrMalformed, err)
	}
	if u.Message == nil {
		return channels.Inbound{}, nil
	}
	m := u.Message
	rm, ok := receiveMessage(m)
	if !ok {
		return channels.Inbound{}, nil
	}
	// chat and message id name the message for good; update ids restart
	// at random after a quiet week.
	rm.ProviderMessageID = strconv.FormatInt(m.Chat.ID, 10) + ":" + strconv.FormatInt(m.MessageID, 10)
	name := ""
	if m.From != nil {
		name = strings.TrimSpace(m.From.FirstName + " " + m.From.LastName)
	}
	return channels.Inbound{Messages: []channels.InboundMessage{{
		ProviderContactID: strconv.FormatInt(m.Chat.ID, 10), ContactName: name, Message: rm,
	}}}, nil
}

func receiveMessage(m *message) (conversation.ReceiveMessage, bool) {
	rm := conversation.ReceiveMessage{SentAt: time.Unix(m.Date, 0).UTC()}
	media := func(t conversation.MessageType, f *file, mime string) {
		rm.Type = t
		rm.Media = &conversation.Media{Ref: f.FileID, MimeType: firstNonEmpty(f.MimeType, mime), Filename: f.FileName, Size: f.FileSize, Caption: m.Caption}
	}
	switch {
	case m.Text != "":
		rm.Type, rm.Text = conversation.TypeText, m.Text
	case len(m.Photo) > 0:
		media(conversation.TypeImage, &m.Photo[len(m.Photo)-1], "image/jpeg") // the largest size comes last
	case m.Voice != nil:
		media(conversation.TypeAudio, m.Voice, "audio/ogg")
	case m.Audio != nil:
		media(conversation.TypeAudio, m.Audio, "audio/mpeg")
	case m.Video != nil:
		media(conversation.TypeVideo, m.Video, "video/mp4")
	case m.Document != nil:
		media(conversation.TypeDocument, m.Document, "application/octet-stream")
	case m.Sticker != nil:
		media(conversation.TypeSticker, m.Sticker, "image/webp")
	case m.Venue != nil:
		rm.Type = conversation.TypeLocation
		rm.Location = &conversation.Location{Lat: m.Venue.Location.Latitude, Lng: m.Venue.Location.Longitude, Name: m.Venue.Title, Address: m.Venue.Address}
	case m.Location != nil:
		rm.Type, rm.Location = conversation.TypeLocation, &conversation.Location{Lat: m.Location.Latitude, Lng: m.Location.Longitude}
	case m.Contact != nil:
		rm.Type = conversation.TypeContact
		rm.Contact = &conversation.ContactCard{Name: firstNonEmpty(strings.TrimSpace(m.Contact.FirstName+" "+m.Contact.LastName), "(no name)"), Phones: []string{m.Contact.PhoneNumber}}
	default:
		return rm, false
	}
	return rm, true
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
