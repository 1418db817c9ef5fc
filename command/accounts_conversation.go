package command

import (
	"context"

	"github.com/parley-inbox/parley/domain/conversation"
)

// ConversationState returns a copy of a conversation's state, and whether
// it exists in accountID, for object-level authorization before a command
// runs. It reads through the same cache as the commands and checks the
// cached revision against the stream's last one, so a hot conversation
// costs one small read and another process's change is seen. (A change
// landing between this check and the command's append is not: the check is
// not part of the decision.)
func (h *Handlers) ConversationState(ctx context.Context, accountID, id string) (conversation.State, bool, error) {
	if !ValidID(id) {
		return conversation.State{}, false, nil
	}
	return peek(ctx, h.exec.store, h.conversations, accountID, id, conversation.State.Clone, true)
}
