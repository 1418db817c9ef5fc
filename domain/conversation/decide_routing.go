package conversation

import (
	"fmt"

	"github.com/parley-inbox/parley/domain"
)

func decideRouting(s State, c Command, by domain.Actor) ([]domain.Event, error) {
	switch c := c.(type) {
	case AssignAgent:
		if c.AgentID == s.AssigneeID {
			return nil, nil
		}
		return []domain.Event{Assigned{
			AgentID: c.AgentID, PreviousAgentID: s.AssigneeID, Reason: c.Reason,
			Policy: c.Policy, RuleID: c.RuleID, Candidates: c.Candidates,
		}}, nil
	case AssignTeam:
		if c.TeamID == s.TeamID {
			return nil, nil
		}
		return []domain.Event{TeamAssigned{TeamID: c.TeamID, PreviousTeamID: s.TeamID}}, nil
	case Unassign:
		if s.AssigneeID == "" {
			return nil, nil
		}
		return []domain.Event{Unassigned{PreviousAgentID: s.AssigneeID}}, nil
	case Accept:
		return decideAccept(s, by)
	case ApplyTag:
		if domain.FindTag(s.Tags, c.Tag) >= 0 {
			return nil, nil // present in some case: a no-op
		}
		if len(s.Tags) >= domain.MaxTags {
			return nil, domain.Conflict(CodeTooManyTags, "a conversation has at most %d tags", domain.MaxTags)
		}
		return []domain.Event{TagApplied(c)}, nil
	case RemoveTag:
		i := domain.FindTag(s.Tags, c.Tag)
		if i < 0 {
			return nil, nil // absent: a no-op
		}
		return []domain.Event{TagRemoved{Tag: s.Tags[i]}}, nil
	case LinkReference:
		if findReference(s.References, c.Kind, c.ExternalID) >= 0 {
			return nil, nil
		}
		if len(s.References) >= MaxReferences {
			return nil, domain.Conflict(CodeTooManyReferences, "a conversation has at most %d references", MaxReferences)
		}
		return []domain.Event{ReferenceLinked(c)}, nil
	case UnlinkReference:
		if findReference(s.References, c.Kind, c.ExternalID) < 0 {
			return nil, domain.NotFound(CodeReferenceNotFound, "no %s %q is linked", c.Kind, c.ExternalID)
		}
		return []domain.Event{ReferenceUnlinked(c)}, nil
	}
	return nil, domain.Invalid("", "unknown_command", "%s", fmt.Sprintf("unknown conversation command %T", c))
}

func decideAccept(s State, by domain.Actor) ([]domain.Event, error) {
	if by.Kind != domain.ActorAgent {
		return nil, domain.Forbidden(CodeAgentRequired, "only an agent can accept a conversation")
	}
	if s.BotOwned {
		return nil, domain.Conflict(CodeBotOwned, "a bot owns the conversation; hand it off first")
	}
	switch s.AssigneeID {
	case "":
		return []domain.Event{
			Assigned{AgentID: by.ID, Reason: ReasonManual},
			Accepted{AgentID: by.ID},
		}, nil
	case by.ID:
		if s.Accepted {
			return nil, nil
		}
		return []domain.Event{Accepted{AgentID: by.ID}}, nil
	}
	return nil, domain.Conflict(CodeAssignedToOther, "the conversation is assigned to agent %q", s.AssigneeID)
}
