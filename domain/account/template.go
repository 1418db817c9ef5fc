package account

import (
	"strings"
	"unicode/utf8"

	"github.com/parley-inbox/parley/domain"
)

// Variables a quick reply may use, filled in when an agent inserts it.
const (
	VarContactName      = "contact.name"
	VarContactFirstName = "contact.first_name"
	VarAgentName        = "agent.name"
	VarAgentFirstName   = "agent.first_name"
	VarAccountName      = "account.name"
)

// CodeBadTemplate is the validation code of a malformed quick reply.
const CodeBadTemplate = "invalid_template"

func knownVariable(name string) bool {
	switch name {
	case VarContactName, VarContactFirstName, VarAgentName, VarAgentFirstName, VarAccountName:
		return true
	}
	return false
}

// placeholder is one {{ name }} or {{ name | "fallback" }} of a template.
type placeholder struct {
	start, end     int // byte offsets of "{{" and after "}}"
	name, fallback string
}

// parseTemplate finds the placeholders of text; ok is false if a "{{" is
// not closed or a placeholder is malformed.
func parseTemplate(text string) ([]placeholder, string, bool) {
	var out []placeholder
	for i := 0; ; {
		open := strings.Index(text[i:], "{{")
		if open < 0 {
			return out, "", true
		}
		open += i
		closing := strings.Index(text[open:], "}}")
		if closing < 0 {
			return nil, "a {{ is not closed", false
		}
		closing += open
		inner := strings.TrimSpace(text[open+2 : closing])
		name, fallback, hasFallback := strings.Cut(inner, "|")
		name, fallback = strings.TrimSpace(name), strings.TrimSpace(fallback)
		if hasFallback {
			if len(fallback) < 2 || fallback[0] != '"' || fallback[len(fallback)-1] != '"' {
				return nil, "a fallback must be quoted: {{ " + name + ` | "..." }}`, false
			}
			fallback = fallback[1 : len(fallback)-1]
		}
		if !knownVariable(name) {
			return nil, "unknown variable " + name, false
		}
		out = append(out, placeholder{start: open, end: closing + 2, name: name, fallback: fallback})
		i = closing + 2
	}
}

func checkTemplate(text string) *domain.Error {
	if err := domain.CheckText("text", text, MaxQuickReplyLen, true); err != nil {
		return err
	}
	if _, why, ok := parseTemplate(text); !ok {
		return domain.Invalid("text", CodeBadTemplate, "%s (variables: contact.name, contact.first_name, agent.name, agent.first_name, account.name)", why)
	}
	return nil
}

// Render fills a quick reply's variables from vars; an empty or missing
// value gives the placeholder's fallback (or nothing). A malformed template
// (never stored: it fails validation) is returned as is.
func Render(text string, vars map[string]string) string {
	phs, _, ok := parseTemplate(text)
	if !ok {
		return text
	}
	var b strings.Builder
	last := 0
	for _, p := range phs {
		b.WriteString(text[last:p.start])
		if v := vars[p.name]; v != "" {
			b.WriteString(v)
		} else {
			b.WriteString(p.fallback)
		}
		last = p.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// FirstName is the first word of a display name, for the *.first_name
// variables.
func FirstName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.IndexFunc(name, func(r rune) bool { return r == ' ' || r == '\t' }); i > 0 {
		return name[:i]
	}
	if !utf8.ValidString(name) {
		return ""
	}
	return name
}
