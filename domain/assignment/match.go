package assignment

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Matches reports whether every set condition holds for the input.
func Matches(c Conditions, in Input) bool {
	conv := in.Conversation
	switch {
	case len(c.Channels) > 0 && !slices.ContainsFunc(c.Channels, func(ch string) bool { return strings.EqualFold(ch, conv.Channel) }):
		return false
	case len(c.Inboxes) > 0 && !slices.Contains(c.Inboxes, conv.InboxID):
		return false
	case len(c.Tags) > 0 && !slices.ContainsFunc(c.Tags, func(t string) bool { return domain.FindTag(conv.Tags, t) >= 0 }):
		return false
	case len(c.Keywords) > 0 && !containsKeyword(conv.Text, c.Keywords):
		return false
	}
	for k, v := range c.ContactFields {
		if !strings.EqualFold(strings.TrimSpace(conv.ContactFields[k]), strings.TrimSpace(v)) {
			return false
		}
	}
	if c.BusinessHours != nil {
		return inHours(*c.BusinessHours, in) != c.BusinessHours.Outside
	}
	return true
}

func containsKeyword(text string, keywords []string) bool {
	lower := strings.ToLower(text)
	return slices.ContainsFunc(keywords, func(k string) bool {
		return k != "" && strings.Contains(lower, strings.ToLower(k))
	})
}

// inHours reports whether in.Now falls in one of the windows; an unknown
// time zone matches nothing (the rule is skipped, never guessed).
func inHours(b BusinessHours, in Input) bool {
	loc, ok := zone(b.TimeZone, in.Zone)
	if !ok {
		return false
	}
	now := in.Now.In(loc)
	minute := now.Hour()*60 + now.Minute()
	for _, w := range b.Windows {
		from, _ := parseClock(w.From)
		to, _ := parseClock(w.To)
		if w.Day == now.Weekday() && minute >= from && minute < to {
			return true
		}
	}
	return false
}

func zone(name string, resolve func(string) (*time.Location, error)) (*time.Location, bool) {
	if name == "UTC" || name == "Etc/UTC" {
		return time.UTC, true
	}
	if resolve == nil {
		return nil, false
	}
	loc, err := resolve(name)
	return loc, err == nil && loc != nil
}

// parseClock reads "HH:MM" (00:00 to 24:00) as minutes since midnight.
func parseClock(s string) (int, bool) {
	hh, mm, ok := strings.Cut(s, ":")
	if !ok || len(hh) != 2 || len(mm) != 2 {
		return 0, false
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}
