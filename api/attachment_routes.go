package api

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// MaxAttachmentBytes caps one uploaded attachment (WhatsApp's own cap for
// video and audio; documents up to it too).
const MaxAttachmentBytes = 16 << 20

// AttachmentTypes are the MIME types an agent may attach: what the
// channels can carry and a browser can show safely (no HTML, no SVG).
var AttachmentTypes = []string{
	"image/jpeg", "image/png", "image/gif", "image/webp",
	"audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "video/mp4", "video/3gpp",
	"application/pdf", "text/plain", "application/msword", "application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// AttachmentStore keeps agents' uploads and hands out signed URLs of
// stored media; *system.Media is one.
type AttachmentStore interface {
	Upload(ctx context.Context, r io.Reader, mime string) (ref string, err error)
	SignedPath(ctx context.Context, ref string) (string, time.Time, error)
	MessageMedia(ctx context.Context, accountID, conversationID, messageID string) (conversation.Media, error)
}

// Attachment is the answer of an upload and of a message's media lookup:
// the ref a media message carries and a short-lived URL of the bytes.
type Attachment struct {
	Ref       string    `json:"ref"`
	MimeType  string    `json:"mime_type"`
	Size      int64     `json:"size"`
	Filename  string    `json:"filename,omitempty"`
	Caption   string    `json:"caption,omitempty"`
	URL       string    `json:"url,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// RegisterAttachmentRoutes mounts, on the command API (behind Authorize, so
// only conversations the caller may see and work are reached):
//
//	POST /conversations/:id/attachments  multipart upload (field "file") → 201 Attachment
//	GET  /conversations/:id/messages/:message_id/media  a message's media with a signed URL
//
// The ref returned by the upload goes into POST /conversations/:id/messages
// as {"kind": "media", "media": {"ref": ...}}.
func RegisterAttachmentRoutes(s *CommandAPI, convs ConversationStates, store AttachmentStore) {
	s.group.POST("/conversations/:id/attachments", func(c *gin.Context) {
		c.Set(opKey, "conversation.upload_attachment")
		a, err := upload(c, convs, store)
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusCreated, a)
	})
	s.group.GET("/conversations/:id/messages/:message_id/media", func(c *gin.Context) {
		c.Set(opKey, "conversation.message_media")
		p, _ := PrincipalFrom(c)
		ctx := c.Request.Context()
		md, err := store.MessageMedia(ctx, p.AccountID, c.Param("id"), c.Param("message_id"))
		if err != nil {
			WriteError(c, err)
			return
		}
		a := Attachment{Ref: md.Ref, MimeType: md.MimeType, Size: md.Size, Filename: md.Filename, Caption: md.Caption, URL: md.URL}
		if u, exp, err := store.SignedPath(ctx, md.Ref); err == nil {
			a.URL, a.ExpiresAt = u, exp
		} else if !errors.Is(err, domain.ErrNotFound) {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, a)
	})
}

func upload(c *gin.Context, convs ConversationStates, store AttachmentStore) (Attachment, error) {
	p, _ := PrincipalFrom(c)
	ctx := c.Request.Context()
	if _, exists, err := convs.ConversationState(ctx, p.AccountID, c.Param("id")); err != nil || !exists {
		return Attachment{}, errors.Join(err, domain.NotFound("not_found", "no such conversation"))
	}
	if c.Request.ContentLength > MaxAttachmentBytes+64<<10 {
		return Attachment{}, tooLarge()
	}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return Attachment{}, &RequestError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Field: "Content-Type",
			Message: "send the file as multipart/form-data in a part named file"}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return Attachment{}, &RequestError{Status: http.StatusBadRequest, Code: "required", Field: "file", Message: "no part named file"}
		}
		if err != nil {
			return Attachment{}, &RequestError{Status: http.StatusBadRequest, Code: "invalid_body", Message: "the multipart body is malformed"}
		}
		if part.FormName() == "file" {
			defer part.Close()
			return storePart(ctx, part, store)
		}
		part.Close()
	}
}

// errTooLarge ends an upload at MaxAttachmentBytes.
var errTooLarge = errors.New("api: attachment too large")

func tooLarge() error {
	return &RequestError{Status: http.StatusRequestEntityTooLarge, Code: "attachment_too_large", Field: "file",
		Message: fmt.Sprintf("an attachment may have at most %d MiB", MaxAttachmentBytes>>20)}
}

// storePart checks a file part's type (declared, and sniffed where the
// bytes say what they are) and stores it, counting its size.
func storePart(ctx context.Context, part *multipart.Part, store AttachmentStore) (Attachment, error) {
	filename := cleanFilename(part.FileName())
	declared := part.Header.Get("Content-Type")
	br := bufio.NewReaderSize(part, 512)
	head, _ := br.Peek(512)
	mt, err := attachmentType(declared, http.DetectContentType(head))
	if err != nil {
		return Attachment{}, err
	}
	counted := &capReader{r: br, left: MaxAttachmentBytes}
	ref, err := store.Upload(ctx, counted, mt)
	if errors.Is(err, errTooLarge) {
		return Attachment{}, tooLarge()
	}
	if err != nil {
		return Attachment{}, err
	}
	a := Attachment{Ref: ref, MimeType: mt, Size: MaxAttachmentBytes - counted.left, Filename: filename}
	if a.URL, a.ExpiresAt, err = store.SignedPath(ctx, ref); err != nil {
		return Attachment{}, err
	}
	return a, nil
}

// attachmentType is the declared type (the sniffed one if none), refused
// unless allowed; images and text must look like what they claim to be.
func attachmentType(declared, sniffed string) (string, error) {
	mt, _, err := mime.ParseMediaType(declared)
	if err != nil || mt == "application/octet-stream" {
		mt, _, _ = mime.ParseMediaType(sniffed)
	}
	mt = strings.ToLower(mt)
	unsupported := func(why string) error {
		return &RequestError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Field: "file", Message: why}
	}
	if !slices.Contains(AttachmentTypes, mt) {
		return "", unsupported(fmt.Sprintf("files of type %q cannot be attached (images, audio, video, PDF, text and office documents can)", mt))
	}
	sniffedType, _, _ := mime.ParseMediaType(sniffed)
	if (strings.HasPrefix(mt, "image/") || mt == "text/plain") && sniffedType != mt {
		return "", unsupported(fmt.Sprintf("the file says it is %s but its content is %s", mt, sniffedType))
	}
	return mt, nil
}

// cleanFilename keeps the base name, bounded, of a client's file name.
func cleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || !utf8.ValidString(name) {
		return ""
	}
	if r := []rune(name); len(r) > 255 {
		name = string(r[len(r)-255:])
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
}

// capReader fails with errTooLarge past its budget.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.left -= int64(n)
	if c.left < 0 {
		return n, errTooLarge
	}
	return n, err
}
