package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/projections"
)

// ProjectionAdmin is what the projection admin routes drive: the status of
// the projectors and online rebuilds of their views (cmd/parley runs them).
type ProjectionAdmin interface {
	// Status reports every projector with a checkpoint or a parked event.
	Status(ctx context.Context) ([]projections.ProjectorStatus, error)
	// Rebuilds lists the recent rebuilds of this process, newest first.
	Rebuilds() []RebuildJob
	// StartRebuild starts an online rebuild of projector's views and
	// returns at once. It fails with a domain NotFound error for a projector
	// that cannot be rebuilt and a Conflict while a rebuild runs.
	StartRebuild(ctx context.Context, projector string, force bool) (RebuildJob, error)
	// Unpark deletes projector's parked events so that it resumes.
	Unpark(ctx context.Context, projector string) error
}

// RebuildJob is one rebuild as the admin API shows it.
type RebuildJob struct {
	ID         string     `json:"id"`
	Projector  string     `json:"projector"`
	State      string     `json:"state"` // running, succeeded, failed
	Force      bool       `json:"force"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	Error      string     `json:"error,omitempty"`
	Progress   any        `json:"progress,omitempty"`
}

// ProjectionAdminConfig configures RegisterProjectionAdminRoutes.
type ProjectionAdminConfig struct {
	Admin ProjectionAdmin // required
	// Authorize decides who may see and drive the projections; nil requires
	// the admin permission (requireAdmin). Rebuilds act on every account's
	// views, so a deployment may want an operator-only rule here.
	Authorize func(Principal) error
}

// RegisterProjectionAdminRoutes mounts, on the command API:
//
//	GET  /api/v1/admin/projections                   projector status and recent rebuilds
//	POST /api/v1/admin/projections/{name}/rebuild    start an online rebuild (202 + job)
//	POST /api/v1/admin/projections/{name}/unpark     resume a halted projector (204)
func RegisterProjectionAdminRoutes(s *CommandAPI, cfg ProjectionAdminConfig) error {
	if cfg.Admin == nil {
		return errors.New("api: ProjectionAdminConfig.Admin is required")
	}
	if cfg.Authorize == nil {
		cfg.Authorize = requireAdmin
	}
	h := projectionAdmin{cfg: cfg}
	s.group.GET("/admin/projections", h.guard(h.status))
	s.group.POST("/admin/projections/:name/rebuild", h.guard(h.rebuild))
	s.group.POST("/admin/projections/:name/unpark", h.guard(h.unpark))
	return nil
}

type projectionAdmin struct{ cfg ProjectionAdminConfig }

func (h projectionAdmin) guard(next gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, _ := PrincipalFrom(c) // RequireAuth guards the group
		if err := h.cfg.Authorize(p); err != nil {
			WriteError(c, err)
			return
		}
		next(c)
	}
}

func (h projectionAdmin) status(c *gin.Context) {
	sts, err := h.cfg.Admin.Status(c.Request.Context())
	if err != nil {
		WriteError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"projectors": ProjectorStates(sts), "rebuilds": h.cfg.Admin.Rebuilds()})
}

func (h projectionAdmin) rebuild(c *gin.Context) {
	var body struct {
		Force bool `json:"force"`
	}
	if c.Request.ContentLength != 0 {
		c.Set(maxBodyKey, int64(1<<10))
		if err := DecodeJSON(c, &body); err != nil {
			WriteError(c, err)
			return
		}
	}
	job, err := h.cfg.Admin.StartRebuild(c.Request.Context(), c.Param("name"), body.Force)
	if err != nil {
		WriteError(c, err)
		return
	}
	c.Header("Location", BasePath+"/admin/projections")
	c.JSON(http.StatusAccepted, job)
}

func (h projectionAdmin) unpark(c *gin.Context) {
	if err := h.cfg.Admin.Unpark(c.Request.Context(), c.Param("name")); err != nil {
		WriteError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// ErrNoSuchProjector is the error for a projector the admin API does not
// know or cannot rebuild.
func ErrNoSuchProjector(name string) error {
	return domain.NotFound("projector_not_found", "no projector %q can be rebuilt here", name)
}
