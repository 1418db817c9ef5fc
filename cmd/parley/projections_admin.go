package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// projectionJobs serves the projection admin API of a command process: it
// reports projector status and runs online inbox rebuilds, one at a time
// across processes (the rebuild's advisory lock), in the background.
type projectionJobs struct {
	pool   *pgxpool.Pool
	store  eventstore.Store
	logger *slog.Logger

	mu   sync.Mutex
	jobs []*rebuildJob // newest first, at most keepJobs
}

const keepJobs = 10

type rebuildJob struct {
	mu  sync.Mutex
	job api.RebuildJob
}

var _ api.ProjectionAdmin = (*projectionJobs)(nil)

// registerProjectionAdmin mounts the projection admin routes on cmds.
func registerProjectionAdmin(d Deps, cmds *api.CommandAPI) error {
	jobs := &projectionJobs{pool: d.Pool, store: d.Store, logger: d.Logger}
	// accounts: Authorize defaults to the admin permission; an operator-only
	// rule (rebuilds touch every account's views) plugs in here.
	return api.RegisterProjectionAdminRoutes(cmds, api.ProjectionAdminConfig{Admin: jobs})
}

// Status implements api.ProjectionAdmin.
func (j *projectionJobs) Status(ctx context.Context) ([]projections.ProjectorStatus, error) {
	return projections.ReadStatus(ctx, j.pool, j.store, nil, 10_000)
}

// Unpark implements api.ProjectionAdmin.
func (j *projectionJobs) Unpark(ctx context.Context, projector string) error {
	parked, err := projections.ReadParked(ctx, j.pool, projector)
	if err != nil {
		return err
	}
	if len(parked) == 0 {
		return domain.NotFound("not_parked", "projector %q has no parked events", projector)
	}
	return projections.Unpark(ctx, j.pool, projector)
}

// Rebuilds implements api.ProjectionAdmin.
func (j *projectionJobs) Rebuilds() []api.RebuildJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]api.RebuildJob, len(j.jobs))
	for i, r := range j.jobs {
		r.mu.Lock()
		out[i] = r.job
		r.mu.Unlock()
	}
	return out
}

// StartRebuild implements api.ProjectionAdmin. The rebuild outlives the
// request; stopping the process mid-way is safe (its transactions roll
// back, and the next rebuild drops what it left).
func (j *projectionJobs) StartRebuild(ctx context.Context, projector string, force bool) (api.RebuildJob, error) {
	if projector != "inbox" {
		return api.RebuildJob{}, api.ErrNoSuchProjector(projector)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, r := range j.jobs {
		if r.snapshot().State == "running" {
			return api.RebuildJob{}, domain.Conflict("rebuild_running", "rebuild %s of the inbox views is still running", r.snapshot().ID)
		}
	}
	pool, err := rebuildPool(ctx, j.pool)
	if err != nil {
		return api.RebuildJob{}, err
	}
	r := &rebuildJob{job: api.RebuildJob{ID: uuid.NewString(), Projector: projector, State: "running", Force: force, StartedAt: time.Now().UTC()}}
	logger := j.logger.With("rebuild", r.job.ID)
	rb, err := newInboxRebuild(pool, j.store, logger, rebuildOptions{Force: force}, r.progress)
	if err != nil {
		pool.Close()
		return api.RebuildJob{}, err
	}
	j.jobs = append([]*rebuildJob{r}, j.jobs[:min(len(j.jobs), keepJobs-1)]...)
	go func() {
		defer pool.Close()
		rep, err := rb.run(context.WithoutCancel(ctx))
		r.finish(rep, err)
		if err != nil {
			logger.Error("inbox rebuild failed", "error", err)
			return
		}
		logger.Info("inbox rebuild done", "events", rep.Events, "position", rep.Position, "elapsed", rep.Elapsed.Round(time.Millisecond))
	}()
	return r.snapshot(), nil
}

func (r *rebuildJob) snapshot() api.RebuildJob {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.job
}

func (r *rebuildJob) progress(rep rebuildReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.job.Progress = rep
}

func (r *rebuildJob) finish(rep rebuildReport, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now().UTC()
	r.job.FinishedAt, r.job.Progress, r.job.State = &now, rep, "succeeded"
	if err != nil {
		r.job.State, r.job.Error = "failed", err.Error()
	}
}

// rebuildPool opens the rebuild's own connections beside base's, so that
// its long transactions and lock holds never starve the process's queries.
func rebuildPool(ctx context.Context, base *pgxpool.Pool) (*pgxpool.Pool, error) {
	cfg := base.Config().Copy()
	cfg.MaxConns, cfg.MinConns = 6, 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("rebuild: connect: %w", err)
	}
	return pool, nil
}
