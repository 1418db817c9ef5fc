package command

import (
	"context"

	"github.com/parley-inbox/parley/domain/conversation"
)

// ConversationState returns a copy of a conversation's state, and whether
// it exists in accountID, for object-level authorization before a command
// runs. It reads through the same cache as the commands, so a hot
// conversation costs no I/O; another process's latest change may be
// missing (the command itself still appends with its expected revision).
func (h *Handlers) ConversationState(ctx context.Context, accountID, id string) (conversation.State, bool, error) {
	if !ValidID(id) {
		return conversation.State{}, false, nil
	}
	return peek(ctx, h.exec.store, h.conversations, accountID, id, conversation.State.Clone)
}
