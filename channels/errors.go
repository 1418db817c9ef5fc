package channels

import (
	"errors"
	"fmt"
)

// ErrBadSignature marks an inbound webhook whose signature is missing or
// does not match.
var ErrBadSignature = errors.New("channels: webhook signature does not match")

// ErrMalformed marks an inbound webhook body that cannot be parsed.
var ErrMalformed = errors.New("channels: malformed webhook payload")

// SendError is a provider's refusal of an outbound message.
type SendError struct {
	Status    int    // HTTP status of the provider's answer, 0 if none
	Code      string // the provider's error code
	Message   string
	Retryable bool // a later attempt may succeed (rate limit, 5xx, network)
}

func (e *SendError) Error() string {
	return fmt.Sprintf("provider refused the message (http %d, code %s): %s", e.Status, e.Code, e.Message)
}

// IsRetryable reports whether err is worth another attempt: network errors
// and retryable provider answers are; permanent refusals are not.
func IsRetryable(err error) bool {
	var se *SendError
	if errors.As(err, &se) {
		return se.Retryable
	}
	return err != nil
}
