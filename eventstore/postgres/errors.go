package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parley-inbox/parley/eventstore"
)

// codeInvalid is the SQLSTATE eventstore.append raises for an invalid append.
const codeInvalid = "PS400"

// classify adds the port's sentinel errors to err where they apply: invalid
// input to ErrInvalid, an unreachable or failing server to ErrUnavailable.
// Conflicts are classified by Append, which knows the expectation.
func classify(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == codeInvalid,
			pgErr.Code == "23505" && pgErr.ConstraintName == "events_id_key", // id raced into another stream
			strings.HasPrefix(pgErr.Code, "22"):                              // bad data: JSON, times, ...
			return fmt.Errorf("%w: %w", eventstore.ErrInvalid, err)
		case strings.HasPrefix(pgErr.Code, "08"), // connection exception
			strings.HasPrefix(pgErr.Code, "53"), // insufficient resources
			strings.HasPrefix(pgErr.Code, "57"): // operator intervention: shutdown, crash
			return fmt.Errorf("%w: %w", eventstore.ErrUnavailable, err)
		}
		return err
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connectErr) || errors.As(err, &netErr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "closed pool") {
		return fmt.Errorf("%w: %w", eventstore.ErrUnavailable, err)
	}
	return err
}
