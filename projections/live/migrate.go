package live

import (
	"context"
	"embed"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/sqlscript"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate creates the live feed's tables. Every file is idempotent; they run
// in order in one transaction under an advisory lock, so several processes
// may migrate at once.
func Migrate(ctx context.Context, db *pgxpool.Pool) error {
	return sqlscript.Apply(ctx, db, "live", migrations, "migrations/*.sql")
}
