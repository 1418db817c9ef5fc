package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds shared by every aggregate's command validation.
const (
	MaxIDLen   = 64 // runes in an identifier
	MaxTagLen  = 64 // runes in a tag
	MaxTags    = 50 // tags on one conversation or contact
	MaxURLLen  = 2048
	MaxNameLen = 200 // display names, subjects, short labels
)

// Stable validation codes shared by the aggregates.
const (
	CodeRequired  = "required"
	CodeTooLong   = "too_long"
	CodeBadID     = "invalid_id"
	CodeBadText   = "invalid_text"
	CodeBadValue  = "invalid_value"
	CodeBadTag    = "invalid_tag"
	CodeBadURL    = "invalid_url"
	CodeDuplicate = "duplicate"
	CodeTooMany   = "too_many"
)

// CheckID validates a required identifier: 1..MaxIDLen characters from
// letters, digits and "-_.:@". Ids end up in stream names and URLs.
func CheckID(field, v string) *Error {
	if v == "" {
		return Invalid(field, CodeRequired, "is required")
	}
	if utf8.RuneCountInString(v) > MaxIDLen {
		return Invalid(field, CodeTooLong, "must be at most %d characters", MaxIDLen)
	}
	for _, r := range v {
		if !(r < utf8.RuneSelf && (isAlnum(r) || strings.ContainsRune("-_.:@", r))) {
			return Invalid(field, CodeBadID, "may contain only letters, digits and - _ . : @")
		}
	}
	return nil
}

// CheckOptionalID validates an identifier that may be empty.
func CheckOptionalID(field, v string) *Error {
	if v == "" {
		return nil
	}
	return CheckID(field, v)
}

// CheckText validates free text: valid UTF-8, at most max runes, no control
// characters other than newline and tab, and non-blank when required.
func CheckText(field, v string, max int, required bool) *Error {
	if strings.TrimSpace(v) == "" {
		if required {
			return Invalid(field, CodeRequired, "is required")
		}
		if v == "" {
			return nil
		}
	}
	if !utf8.ValidString(v) {
		return Invalid(field, CodeBadText, "must be valid UTF-8")
	}
	if n := utf8.RuneCountInString(v); n > max {
		return Invalid(field, CodeTooLong, "must be at most %d characters (got %d)", max, n)
	}
	for _, r := range v {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return Invalid(field, CodeBadText, "must not contain control characters")
		}
	}
	return nil
}

// CheckURL validates an optional absolute http(s) URL of bounded length.
func CheckURL(field, v string) *Error {
	if v == "" {
		return nil
	}
	if len(v) > MaxURLLen {
		return Invalid(field, CodeTooLong, "must be at most %d bytes", MaxURLLen)
	}
	if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
		return Invalid(field, CodeBadURL, "must be an http or https URL")
	}
	if strings.ContainsAny(v, " \t\r\n") {
		return Invalid(field, CodeBadURL, "must not contain spaces")
	}
	return nil
}

// CheckTag validates one tag: trimmed, non-empty, at most MaxTagLen runes,
// no control characters and no commas (tags are listed comma-separated in
// exports and filters).
func CheckTag(field, tag string) *Error {
	if tag != strings.TrimSpace(tag) {
		return Invalid(field, CodeBadTag, "must not start or end with spaces")
	}
	if err := CheckText(field, tag, MaxTagLen, true); err != nil {
		return err
	}
	if strings.ContainsAny(tag, ",\n\t\r") {
		return Invalid(field, CodeBadTag, "must not contain commas or line breaks")
	}
	return nil
}

// FindTag returns the index of tag in tags compared case-insensitively
// (Unicode simple folding), or -1. Tags keep their display case; "VIP" and
// "vip" are the same tag.
func FindTag(tags []string, tag string) int {
	for i, t := range tags {
		if strings.EqualFold(t, tag) {
			return i
		}
	}
	return -1
}

func isAlnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}
