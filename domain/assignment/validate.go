package assignment

import (
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Bounds of one rule or policy.
const (
	MaxListLen     = 50   // entries in one condition list
	MaxKeywordLen  = 100  // runes in a keyword
	MaxCapacity    = 1000 // open conversations per agent
	MaxGraceSecond = 7 * 24 * 3600
)

// Validate implementations.
func (c SetPolicy) Validate() *domain.Error {
	p := c.Policy
	return firstError(
		domain.CheckID("policy.id", p.ID),
		domain.CheckText("policy.name", p.Name, domain.MaxNameLen, false),
		domain.CheckOptionalID("policy.inbox_id", p.InboxID),
		checkEnum("policy.assignment_type", p.Type, TypeRoundRobin, TypeLastAgent, TypeManual),
		domain.CheckOptionalID("policy.group_id", p.GroupID),
		checkRange("policy.capacity", p.Capacity, 0, MaxCapacity),
	)
}

func (c RemovePolicy) Validate() *domain.Error { return domain.CheckID("policy_id", c.PolicyID) }
func (c RemoveRule) Validate() *domain.Error   { return domain.CheckID("rule_id", c.RuleID) }

func (c SetRule) Validate() *domain.Error {
	r := c.Rule
	if c.Position != nil && *c.Position < 0 {
		return domain.Invalid("position", domain.CodeBadValue, "must not be negative")
	}
	return firstError(
		domain.CheckID("rule.id", r.ID),
		domain.CheckText("rule.name", r.Name, domain.MaxNameLen, false),
		validateAction(r.Action),
		validateConditions(r.Conditions),
	)
}

func (c ReorderRules) Validate() *domain.Error {
	return checkIDs("rule_ids", c.RuleIDs, MaxRules)
}

func (c ChangeSettings) Validate() *domain.Error {
	return firstError(
		checkRange("settings.default_capacity", c.Settings.DefaultCapacity, 0, MaxCapacity),
		checkRange("settings.grace_seconds", c.Settings.GraceSeconds, 0, MaxGraceSecond),
	)
}

func validateAction(a Action) *domain.Error {
	switch a.Type {
	case ActionAssignTeam:
		return domain.CheckID("rule.action.team_id", a.TeamID)
	case ActionAssignAgent:
		return domain.CheckID("rule.action.agent_id", a.AgentID)
	case ActionLeave:
		return nil
	}
	return domain.Invalid("rule.action.type", domain.CodeBadValue, "must be one of %s, %s, %s", ActionAssignTeam, ActionAssignAgent, ActionLeave)
}

func validateConditions(c Conditions) *domain.Error {
	if err := firstError(
		checkIDs("rule.conditions.channels", c.Channels, MaxListLen),
		checkIDs("rule.conditions.inboxes", c.Inboxes, MaxListLen),
		checkTexts("rule.conditions.tags", c.Tags, domain.MaxTagLen),
		checkTexts("rule.conditions.keywords", c.Keywords, MaxKeywordLen),
	); err != nil {
		return err
	}
	if len(c.ContactFields) > MaxListLen {
		return domain.Invalid("rule.conditions.contact_fields", domain.CodeTooMany, "at most %d fields", MaxListLen)
	}
	for k, v := range c.ContactFields {
		if err := firstError(domain.CheckID("rule.conditions.contact_fields", k),
			domain.CheckText("rule.conditions.contact_fields."+k, v, domain.MaxNameLen, false)); err != nil {
			return err
		}
	}
	if c.BusinessHours != nil {
		return validateHours(*c.BusinessHours)
	}
	return nil
}

func validateHours(b BusinessHours) *domain.Error {
	const field = "rule.conditions.business_hours"
	if err := domain.CheckText(field+".time_zone", b.TimeZone, 64, true); err != nil {
		return err
	}
	if len(b.Windows) == 0 || len(b.Windows) > MaxListLen {
		return domain.Invalid(field+".windows", domain.CodeBadValue, "must hold 1 to %d windows", MaxListLen)
	}
	for i, w := range b.Windows {
		f := fmt.Sprintf("%s.windows[%d]", field, i)
		from, okFrom := parseClock(w.From)
		to, okTo := parseClock(w.To)
		switch {
		case w.Day < time.Sunday || w.Day > time.Saturday:
			return domain.Invalid(f+".day", domain.CodeBadValue, "must be 0 (Sunday) to 6 (Saturday)")
		case !okFrom || !okTo:
			return domain.Invalid(f, domain.CodeBadValue, "from and to must be HH:MM")
		case from >= to:
			return domain.Invalid(f, domain.CodeBadValue, "from must be before to")
		}
	}
	return nil
}

func checkEnum[T ~string](field string, v T, allowed ...T) *domain.Error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return domain.Invalid(field, domain.CodeBadValue, "must be one of %v", allowed)
}

func checkRange(field string, v, lo, hi int) *domain.Error {
	if v < lo || v > hi {
		return domain.Invalid(field, domain.CodeBadValue, "must be between %d and %d", lo, hi)
	}
	return nil
}

func checkIDs(field string, ids []string, maxLen int) *domain.Error {
	if len(ids) > maxLen {
		return domain.Invalid(field, domain.CodeTooMany, "at most %d entries", maxLen)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if err := domain.CheckID(field, id); err != nil {
			return err
		}
		if seen[id] {
			return domain.Invalid(field, domain.CodeDuplicate, "%q is listed twice", id)
		}
		seen[id] = true
	}
	return nil
}

func checkTexts(field string, vs []string, maxRunes int) *domain.Error {
	if len(vs) > MaxListLen {
		return domain.Invalid(field, domain.CodeTooMany, "at most %d entries", MaxListLen)
	}
	for _, v := range vs {
		if err := domain.CheckText(field, v, maxRunes, true); err != nil {
			return err
		}
	}
	return nil
}

func firstError(errs ...*domain.Error) *domain.Error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
