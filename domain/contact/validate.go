package contact

import (
	"net/mail"
	"strings"

	"github.com/parley-inbox/parley/domain"
)

// Bounds on contact fields.
const (
	MaxCustomFields     = 50
	MaxCustomFieldValue = 1000 // runes
	MaxIdentities       = 20
	MaxEmailLen         = 254
)

// Validation codes of contact fields.
const (
	CodeBadEnum  = "invalid_enum"
	CodeBadPhone = "invalid_phone"
	CodeBadEmail = "invalid_email"
	CodeBadID    = "invalid_identity"
)

func (c CreateContact) Validate() *domain.Error {
	if err := firstError(
		domain.CheckText("display_name", c.DisplayName, domain.MaxNameLen, false),
		domain.CheckURL("avatar_url", c.AvatarURL),
	); err != nil {
		return err
	}
	if len(c.CustomFields) > MaxCustomFields {
		return domain.Invalid("custom_fields", domain.CodeTooMany, "must have at most %d keys", MaxCustomFields)
	}
	for k, v := range c.CustomFields {
		if err := checkCustomField(k, &v); err != nil {
			return err
		}
	}
	return nil
}

func (c UpdateProfile) Validate() *domain.Error {
	if c.DisplayName != nil {
		if err := domain.CheckText("display_name", *c.DisplayName, domain.MaxNameLen, false); err != nil {
			return err
		}
	}
	if c.AvatarURL != nil {
		if err := domain.CheckURL("avatar_url", *c.AvatarURL); err != nil {
			return err
		}
	}
	if len(c.CustomFields) > MaxCustomFields {
		return domain.Invalid("custom_fields", domain.CodeTooMany, "must have at most %d keys", MaxCustomFields)
	}
	for k, v := range c.CustomFields {
		if err := checkCustomField(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (c AddIdentity) Validate() *domain.Error {
	_, err := NormalizeIdentity(c.Kind, c.Value)
	return err
}

func (c RemoveIdentity) Validate() *domain.Error {
	_, err := NormalizeIdentity(c.Kind, c.Value)
	return err
}

func (c ApplyTag) Validate() *domain.Error    { return domain.CheckTag("tag", c.Tag) }
func (c RemoveTag) Validate() *domain.Error   { return domain.CheckTag("tag", c.Tag) }
func (MarkPrivate) Validate() *domain.Error   { return nil }
func (UnmarkPrivate) Validate() *domain.Error { return nil }
func (c MergeInto) Validate() *domain.Error   { return domain.CheckID("target_id", c.TargetID) }
func (c AbsorbMerge) Validate() *domain.Error { return domain.CheckID("source_id", c.SourceID) }
func (Unmerge) Validate() *domain.Error       { return nil }
func (c UnmergeFrom) Validate() *domain.Error { return domain.CheckID("source_id", c.SourceID) }

// NormalizeIdentity validates a channel handle and returns its stored form:
// phones lose spaces, dashes, dots and parentheses and must then be E.164
// (+ and 8 to 15 digits); emails are lower-cased bare addresses; the
// numeric ids are 1 to 32 digits.
func NormalizeIdentity(kind IdentityKind, value string) (Identity, *domain.Error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return Identity{}, domain.Invalid("value", domain.CodeRequired, "is required")
	}
	switch kind {
	case KindPhone:
		v = strings.Map(func(r rune) rune {
			if strings.ContainsRune(" -().", r) {
				return -1
			}
			return r
		}, v)
		if !isE164(v) {
			return Identity{}, domain.Invalid("value", CodeBadPhone, "must be a phone number in E.164 form, e.g. +14155550123")
		}
	case KindEmail:
		addr, err := mail.ParseAddress(v)
		at := strings.LastIndexByte(v, '@')
		if err != nil || addr.Address != v || addr.Name != "" || len(v) > MaxEmailLen || at < 1 || !strings.Contains(v[at:], ".") {
			return Identity{}, domain.Invalid("value", CodeBadEmail, "must be an email address such as ana@example.com")
		}
		v = strings.ToLower(v)
	case KindTelegramID, KindPageScopedID, KindInstagramID:
		if len(v) > 32 || !allDigits(v) {
			return Identity{}, domain.Invalid("value", CodeBadID, "a %s is 1 to 32 digits", kind)
		}
	default:
		return Identity{}, domain.Invalid("kind", CodeBadEnum, "must be one of phone, email, telegram_id, page_scoped_id, instagram_id")
	}
	return Identity{Kind: kind, Value: v}, nil
}

func isE164(v string) bool {
	digits := strings.TrimPrefix(v, "+")
	return len(digits) != len(v) && len(digits) >= 8 && len(digits) <= 15 && digits[0] != '0' && allDigits(digits)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func checkCustomField(key string, value *string) *domain.Error {
	if err := domain.CheckID("custom_fields", key); err != nil {
		return err
	}
	if value == nil {
		return nil
	}
	return domain.CheckText("custom_fields."+key, *value, MaxCustomFieldValue, false)
}

func firstError(errs ...*domain.Error) *domain.Error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
