package savedviews

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/sqlscript"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate creates the saved views schema (idempotent, under an advisory lock).
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return sqlscript.Apply(ctx, pool, "savedviews", migrations, "migrations/*.sql")
}

// Store keeps saved views in PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// New returns a store over pool; now is the clock (time.Now if nil).
func New(pool *pgxpool.Pool, now func() time.Time) (*Store, error) {
	if pool == nil {
		return nil, errors.New("savedviews: a pool is required")
	}
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, now: now}, nil
}

const columns = `id, name, tab, filters, sort, created_at, updated_at`

// List returns the owner's views, oldest first.
func (s *Store) List(ctx context.Context, o Owner) ([]View, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+columns+` FROM savedviews.views
WHERE account_id = $1 AND owner = $2 ORDER BY created_at, id`, o.AccountID, o.key())
	if err != nil {
		return nil, fmt.Errorf("savedviews: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanView)
	if err != nil {
		return nil, fmt.Errorf("savedviews: list: %w", err)
	}
	return out, nil
}

// Create checks v and saves it as a new view of the owner, with a fresh id.
// An owner has at most MaxViewsPerUser views, with distinct names.
func (s *Store) Create(ctx context.Context, o Owner, v View) (View, error) {
	v, err := Normalize(v)
	if err != nil {
		return v, err
	}
	if v.ID, err = newID(); err != nil {
		return v, err
	}
	v.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	v.UpdatedAt = v.CreatedAt
	err = s.inTx(ctx, o, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM savedviews.views WHERE account_id = $1 AND owner = $2`,
			o.AccountID, o.key()).Scan(&n); err != nil {
			return err
		}
		if n >= MaxViewsPerUser {
			return domain.Conflict("too_many_views", "you have %d saved views, the most allowed; delete one first", n)
		}
		_, err := tx.Exec(ctx, `INSERT INTO savedviews.views (account_id, owner, `+columns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, o.AccountID, o.key(), v.ID, v.Name, v.Tab, v.Filters, v.Sort, v.CreatedAt, v.UpdatedAt)
		return err
	})
	return v, err
}

// Update applies p to the owner's view id and checks the result.
func (s *Store) Update(ctx context.Context, o Owner, id string, p Patch) (View, error) {
	var out View
	err := s.inTx(ctx, o, func(tx pgx.Tx) error {
		v, err := s.get(ctx, tx, o, id)
		if err != nil {
			return err
		}
		if out, err = Normalize(p.apply(v)); err != nil {
			return err
		}
		out.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
		_, err = tx.Exec(ctx, `UPDATE savedviews.views SET name = $4, tab = $5, filters = $6, sort = $7, updated_at = $8
WHERE account_id = $1 AND owner = $2 AND id = $3`, o.AccountID, o.key(), id, out.Name, out.Tab, out.Filters, out.Sort, out.UpdatedAt)
		return err
	})
	return out, err
}

// Delete removes the owner's view id.
func (s *Store) Delete(ctx context.Context, o Owner, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM savedviews.views WHERE account_id = $1 AND owner = $2 AND id = $3`, o.AccountID, o.key(), id)
	if err != nil {
		return fmt.Errorf("savedviews: delete: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return notFound()
	}
	return nil
}

func (s *Store) get(ctx context.Context, tx pgx.Tx, o Owner, id string) (View, error) {
	rows, err := tx.Query(ctx, `SELECT `+columns+` FROM savedviews.views WHERE account_id = $1 AND owner = $2 AND id = $3 FOR UPDATE`,
		o.AccountID, o.key(), id)
	if err != nil {
		return View{}, err
	}
	v, err := pgx.CollectExactlyOneRow(rows, scanView)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, notFound()
	}
	return v, err
}

// inTx runs fn in a transaction holding the owner's advisory lock, so that
// the cap holds under concurrent creates; a duplicate name is a conflict.
func (s *Store) inTx(ctx context.Context, o Owner, fn func(pgx.Tx) error) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "parley.savedviews."+o.AccountID+"/"+o.key()); err != nil {
			return err
		}
		return fn(tx)
	})
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && pe.Code == "23505":
		return domain.Conflict("duplicate_name", "you already have a view with this name")
	case err != nil && domain.KindOf(err) == 0:
		return fmt.Errorf("savedviews: %w", err)
	}
	return err
}

func scanView(row pgx.CollectableRow) (View, error) {
	var v View
	var filters []byte
	if err := row.Scan(&v.ID, &v.Name, &v.Tab, &filters, &v.Sort, &v.CreatedAt, &v.UpdatedAt); err != nil {
		return v, err
	}
	return v, json.Unmarshal(filters, &v.Filters)
}

func notFound() error { return domain.NotFound("not_found", "no such saved view") }

func newID() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("savedviews: id: %w", err)
	}
	return "sv_" + hex.EncodeToString(b), nil
}
