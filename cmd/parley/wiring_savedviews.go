package main

// Saved views of the conversation list (web inbox, issue 8): per user, in
// PostgreSQL, served by the query API.

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/query/savedviews"
)

// savedViewsMigration creates the saved views table.
var savedViewsMigration = migration{name: "saved views", apply: savedviews.Migrate}

// registerSavedViews mounts /saved-views on the query API's group.
func registerSavedViews(d Deps, group *gin.RouterGroup) error {
	s, err := savedviews.New(d.Pool, time.Now)
	if err != nil {
		return fmt.Errorf("saved views: %w", err)
	}
	api.RegisterSavedViewRoutes(group, s)
	return nil
}
