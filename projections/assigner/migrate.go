package assigner

import (
	"context"
	"embed"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/sqlscript"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate creates the assigner schema. Every statement is idempotent; an
// advisory lock serialises concurrent starts.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return sqlscript.Apply(ctx, pool, "assigner", migrations, "migrations/*.sql")
}
