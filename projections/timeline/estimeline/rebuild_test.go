package estimeline_test

import (
	"context"
	"slices"
	"testing"

	"github.com/parley-inbox/parley/internal/searchtest"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
)

// TestRebuildSideBySide: version 2 of the indexes is filled while readers
// stay on version 1, then SwapRead moves every reader at once.
func TestRebuildSideBySide(t *testing.T) {
	url := searchtest.URL(t)
	ctx := context.Background()
	prefix := searchtest.Prefix(t) + "parley"
	open := func(version int) *estimeline.Client {
		c, err := estimeline.New(estimeline.Config{Addresses: []string{url}, Prefix: prefix, Version: version, OpenSearchCompat: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Setup(ctx); err != nil {
			t.Fatal(err)
		}
		return c
	}
	v1 := open(1)
	defer func() { _ = v1.DeleteAll(context.Background()) }()
	evs := contract.Scenario(t)
	contract.Project(t, contract.Adapter{Docs: v1.DocStore(), Reader: v1, Sync: v1.Refresh}, evs[:12], 5)

	v2 := open(2)
	if err := v2.SetRefreshInterval(ctx, "-1"); err != nil {
		t.Fatal(err)
	}
	contract.Project(t, contract.Adapter{Docs: v2.DocStore(), Reader: v2, Sync: v2.Refresh}, evs, 5)
	if err := v2.SetRefreshInterval(ctx, estimeline.LiveRefreshInterval); err != nil {
		t.Fatal(err)
	}
	hits := func() []string {
		res, err := v1.Search(ctx, contract.AccountX, timeline.SearchQuery{Text: "invoice"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	if got := hits(); len(got) != 0 {
		t.Fatalf("readers saw version 2 before the swap: %v", got)
	}
	if err := v2.SwapRead(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hits(); !slices.Equal(got, []string{"c2:m:m2", "c2:m:m1"}) {
		t.Fatalf("after the swap: %v", got)
	}
}
