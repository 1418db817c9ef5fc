package query

import (
	"context"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func TestZZLatency(t *testing.T) {
	dsn := os.Getenv("SCALE_URL")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	svc, _ := NewService(pool, Config{CursorKey: []byte(testKey)})
	v := Viewer{AccountID: os.Getenv("SCALE_ACCOUNT"), AgentID: "a1-agent-3"}
	if v.AccountID == "" {
		v.AccountID = "acct-1"
	}
	for _, q := range []string{
		"", "status=open", "status=closed&sort=created", "assignee=me", "assignee=unassigned&status=open",
		"team=a1-support&status=open", "inbox=a1-whatsapp", "channel=sms&status=open", "tag=vip", "tag=vip,bug&tag_match=all",
		"priority=urgent", "sort=priority&status=open", "unread=true&status=open", "waiting=true", "sort=waiting_since&status=open",
		"snoozed=true", "created_after=2026-01-05T00:00:00Z&sort=created", "updated_before=2026-01-02T00:00:00Z",
		"status=pending&tag=spam", "assignee=a1-agent-7&tag=refund&status=closed",
	} {
		vals, _ := url.ParseQuery(q)
		p, err := ParseListParams(vals)
		if err != nil {
			t.Fatal(err)
		}
		var lat []time.Duration
		rows := 0
		for range 20 {
			pp := p
			for page := 0; page < 3; page++ {
				t0 := time.Now()
				res, err := svc.ListConversations(ctx, v, pp)
				if err != nil {
					t.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				rows += len(res.Data)
				if res.Meta.NextCursor == "" {
					break
				}
				pp.Cursor = res.Meta.NextCursor
			}
		}
		slices.Sort(lat)
		t.Logf("%-50s p50 %6.2fms p99 %6.2fms max %6.2fms (%d rows/run)", q, ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), ms(lat[len(lat)-1]), rows/20)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
