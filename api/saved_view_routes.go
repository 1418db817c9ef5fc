package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/query/savedviews"
)

// SavedViews keeps each user's saved views of the conversation list
// (query/savedviews.Store).
type SavedViews interface {
	List(ctx context.Context, o savedviews.Owner) ([]savedviews.View, error)
	Create(ctx context.Context, o savedviews.Owner, v savedviews.View) (savedviews.View, error)
	Update(ctx context.Context, o savedviews.Owner, id string, p savedviews.Patch) (savedviews.View, error)
	Delete(ctx context.Context, o savedviews.Owner, id string) error
}

// savedViewBody is POST /saved-views.
type savedViewBody struct {
	Name    string            `json:"name"`
	Tab     string            `json:"tab,omitempty"`
	Filters map[string]string `json:"filters,omitempty"`
	Sort    string            `json:"sort,omitempty"`
}

// RegisterSavedViewRoutes mounts, on group (at BasePath, authenticated),
// GET and POST /saved-views and PATCH and DELETE /saved-views/:id. Views
// belong to the caller: no one else reads or changes them. Invalid names,
// tabs, filters or sorts are answered 400 naming the field.
func RegisterSavedViewRoutes(group *gin.RouterGroup, views SavedViews) {
	owner := func(c *gin.Context) savedviews.Owner {
		p, _ := PrincipalFrom(c)
		return savedviews.Owner{AccountID: p.AccountID, Actor: p.Actor}
	}
	answer := func(c *gin.Context, status int, body any, err error) {
		if err != nil {
			WriteError(c, queryError(err))
			return
		}
		if body == nil {
			c.Status(status)
			return
		}
		c.JSON(status, body)
	}
	group.GET("/saved-views", func(c *gin.Context) {
		c.Set(opKey, "saved_views.list")
		if err := noParams(c.Request.URL.Query()); err != nil {
			answer(c, 0, nil, err)
			return
		}
		l, err := views.List(c.Request.Context(), owner(c))
		answer(c, http.StatusOK, gin.H{"data": l, "max": savedviews.MaxViewsPerUser}, err)
	})
	group.POST("/saved-views", func(c *gin.Context) {
		c.Set(opKey, "saved_views.create")
		var b savedViewBody
		if err := DecodeJSON(c, &b); err != nil {
			answer(c, 0, nil, err)
			return
		}
		v, err := views.Create(c.Request.Context(), owner(c), savedviews.View{Name: b.Name, Tab: b.Tab, Filters: b.Filters, Sort: b.Sort})
		answer(c, http.StatusCreated, v, err)
	})
	group.PATCH("/saved-views/:id", func(c *gin.Context) {
		c.Set(opKey, "saved_views.update")
		var p savedviews.Patch
		if err := DecodeJSON(c, &p); err != nil {
			answer(c, 0, nil, err)
			return
		}
		v, err := views.Update(c.Request.Context(), owner(c), c.Param("id"), p)
		answer(c, http.StatusOK, v, err)
	})
	group.DELETE("/saved-views/:id", func(c *gin.Context) {
		c.Set(opKey, "saved_views.delete")
		answer(c, http.StatusNoContent, nil, views.Delete(c.Request.Context(), owner(c), c.Param("id")))
	})
}
