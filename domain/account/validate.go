package account

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
)

// Bounds of account configuration.
const (
	MaxEmailLen   = 254
	MaxMembers    = 500 // members of a team, agents of an inbox
	MaxInboxTeams = 50
)

// Validation codes of this package.
const (
	CodeBadEmail      = "invalid_email"
	CodeBadPermission = "invalid_permission"
	CodeBadScope      = "invalid_scope"
	CodeBadKind       = "invalid_kind"
)

// validChannel reports whether an inbox may connect channel.
func validChannel(channel string) bool {
	switch channel {
	case "whatsapp", "instagram", "messenger", "telegram", "sms", "email":
		return true
	}
	return false
}

// NormalizeEmail lower-cases and trims an e-mail address.
func NormalizeEmail(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

func checkEmail(field, v string) *domain.Error {
	if v == "" {
		return domain.Invalid(field, domain.CodeRequired, "is required")
	}
	if len(v) > MaxEmailLen {
		return domain.Invalid(field, domain.CodeTooLong, "must be at most %d bytes", MaxEmailLen)
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != strings.TrimSpace(v) || a.Name != "" || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@"):], ".") {
		return domain.Invalid(field, CodeBadEmail, "must be a plain e-mail address such as ana@example.com")
	}
	return nil
}

func checkName(v string) *domain.Error {
	return domain.CheckText("name", v, domain.MaxNameLen, true)
}

func checkOptionalName(v *string) *domain.Error {
	if v == nil {
		return nil
	}
	return checkName(*v)
}

// checkIDs validates a list of ids: each valid, none repeated, at most max.
func checkIDs(field string, ids []string, max int) *domain.Error {
	if len(ids) > max {
		return domain.Invalid(field, domain.CodeTooMany, "at most %d entries", max)
	}
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := domain.CheckID(f, id); err != nil {
			return err
		}
		if seen[id] {
			return domain.Invalid(f, domain.CodeDuplicate, "%q is listed twice", id)
		}
		seen[id] = true
	}
	return nil
}

func checkPermissions(names []string) *domain.Error {
	if len(names) > 32 {
		return domain.Invalid("permissions", domain.CodeTooMany, "at most 32 permissions")
	}
	if _, err := authz.ParseSet(names); err != nil {
		return domain.Invalid("permissions", CodeBadPermission, "%s; known: %s", err.Error(), strings.Join(authz.PermissionNames(), ", "))
	}
	return nil
}

func checkScope(v string) *domain.Error {
	if !authz.Scope(v).Valid() {
		return domain.Invalid("scope", CodeBadScope, "must be all, unassigned_and_own or participating")
	}
	return nil
}
