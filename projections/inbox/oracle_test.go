package inbox

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// folded is what a direct fold of a conversation's events says.
type folded struct {
	account string
	state   conversation.State
	waiting time.Time
	inbound map[string]int // message id -> inbound messages up to it
	nIn     int
}

func foldLog(t *testing.T, evs []eventstore.RecordedEvent) (map[string]*folded, map[string]contact.State) {
	t.Helper()
	conv, err := conversation.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	cont, err := contact.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	convs, contacts := map[string]*folded{}, map[string]contact.State{}
	for _, ev := range evs {
		if id, ok := contact.IDFromStream(ev.Stream); ok {
			e, err := cont.Decode(ev.Type, ev.SchemaVersion, ev.Data)
			if err != nil {
				t.Fatal(err)
			}
			contacts[id] = contact.Evolve(contacts[id], e)
			continue
		}
		id, _ := conversation.IDFromStream(ev.Stream)
		e, err := conv.Decode(ev.Type, ev.SchemaVersion, ev.Data)
		if err != nil {
			t.Fatal(err)
		}
		f := convs[id]
		if f == nil {
			f = &folded{account: ev.Metadata.AccountID, inbound: map[string]int{}}
			convs[id] = f
		}
		f.state = conversation.Evolve(f.state, e)
		switch e := e.(type) {
		case conversation.MessageReceived:
			f.nIn++
			f.inbound[e.MessageID] = f.nIn
			if f.waiting.IsZero() {
				f.waiting = e.ReceivedAt
			}
		case conversation.MessageSent:
			f.inbound[e.MessageID] = f.nIn
			if ev.Metadata.Actor.Kind != string(domain.ActorBot) {
				f.waiting = time.Time{}
			}
		case conversation.Closed:
			f.waiting = time.Time{}
		}
	}
	return convs, contacts
}

func TestViewsMatchAFoldOfTheEvents(t *testing.T) {
	evs := generated(t, 400, 3)
	pool := newDB(t, "inbox")
	project(t, pool, newProjector(t, "inbox"), evs, 50)
	convs, contacts := foldLog(t, evs)
	ctx := context.Background()

	rows, err := pool.Query(ctx, `SELECT id, account_id, status, assignee_id, team_id, tags, priority, session,
  inbound_count, waiting_since, contact_id, contact_name, contact_handle, channel FROM inbox.conversations`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var id, acc, status, assignee, team, contactID, contactName, handle, channel string
		var tags []string
		var prio int16
		var session, inbound int32
		var waiting *time.Time
		if err := rows.Scan(&id, &acc, &status, &assignee, &team, &tags, &prio, &session, &inbound, &waiting,
			&contactID, &contactName, &handle, &channel); err != nil {
			t.Fatal(err)
		}
		n++
		f := convs[id]
		s := f.state
		if acc != f.account || status != string(s.Status) || assignee != s.AssigneeID || team != s.TeamID ||
			!slices.Equal(tags, nonNil(s.Tags)) || prio != priorityRank(s.Priority) || int(session) != s.Session ||
			int(inbound) != f.nIn || contactID != s.ContactID {
			t.Errorf("%s: view (%s %s %q %q %v %d %d %d) != fold (%s %s %q %q %v %s %d %d)", id, acc, status, assignee, team, tags, prio, session, inbound,
				f.account, s.Status, s.AssigneeID, s.TeamID, s.Tags, s.Priority, s.Session, f.nIn)
		}
		if (waiting == nil) != f.waiting.IsZero() || (waiting != nil && !waiting.Equal(micro(f.waiting))) {
			t.Errorf("%s: waiting_since %v, fold says %v", id, waiting, f.waiting)
		}
		k := contacts[s.ContactID]
		if contactName != k.DisplayName {
			t.Errorf("%s: contact name %q, fold says %q", id, contactName, k.DisplayName)
		}
		if want := handleOf(k, channel); handle != want {
			t.Errorf("%s: handle %q on %s, fold says %q", id, handle, channel, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(convs) {
		t.Fatalf("%d rows, %d conversations", n, len(convs))
	}
	checkCounts(t, pool, convs)
	checkReads(t, pool, convs)
}

func handleOf(k contact.State, channel string) string {
	for _, id := range k.Identities {
		if id.Kind == handleKind(channel) {
			return id.Value
		}
	}
	return ""
}

// checkCounts compares the incrementally kept counts with COUNT(*) over the
// view and with the fold.
func checkCounts(t *testing.T, pool *pgxpool.Pool, convs map[string]*folded) {
	t.Helper()
	want := map[countKey]int64{}
	for id, f := range convs {
		r := convRow{ID: id, AccountID: f.account, Status: string(f.state.Status), AssigneeID: f.state.AssigneeID,
			TeamID: f.state.TeamID, InboxID: f.state.InboxID, Tags: f.state.Tags}
		for _, k := range countKeys(r) {
			want[k]++
		}
	}
	got := readCounts(t, pool, `SELECT account_id, dimension, key, status, n FROM inbox.counts`)
	byQuery := readCounts(t, pool, `
SELECT account_id, 'all', '', status, count(*) FROM inbox.conversations GROUP BY 1, 4
UNION ALL SELECT account_id, 'inbox', inbox_id, status, count(*) FROM inbox.conversations GROUP BY 1, 3, 4
UNION ALL SELECT account_id, 'unassigned', '', status, count(*) FROM inbox.conversations WHERE assignee_id = '' GROUP BY 1, 4
UNION ALL SELECT account_id, 'assigned', '', status, count(*) FROM inbox.conversations WHERE assignee_id <> '' GROUP BY 1, 4
UNION ALL SELECT account_id, 'assignee', assignee_id, status, count(*) FROM inbox.conversations WHERE assignee_id <> '' GROUP BY 1, 3, 4
UNION ALL SELECT account_id, 'team', team_id, status, count(*) FROM inbox.conversations WHERE team_id <> '' GROUP BY 1, 3, 4
UNION ALL SELECT account_id, 'tag', t, status, count(*) FROM inbox.conversations, unnest(tag_keys) t GROUP BY 1, 3, 4
UNION ALL SELECT account_id, 'inbox_unassigned', inbox_id, status, count(*) FROM inbox.conversations WHERE assignee_id = '' GROUP BY 1, 3, 4
UNION ALL SELECT account_id, 'inbox_assigned', inbox_id, status, count(*) FROM inbox.conversations WHERE assignee_id <> '' GROUP BY 1, 3, 4
UNION ALL SELECT account_id, 'inbox_assignee', inbox_id || chr(31) || assignee_id, status, count(*) FROM inbox.conversations WHERE assignee_id <> '' GROUP BY 1, 3, 4`)
	for what, m := range map[string]map[countKey]int64{"fold": want, "COUNT(*)": byQuery} {
		if len(m) != len(got) {
			t.Errorf("counts table has %d rows, %s %d", len(got), what, len(m))
		}
		for k, n := range m {
			if got[k] != n {
				t.Errorf("count %v = %d, %s says %d", k, got[k], what, n)
			}
		}
	}
	var load int64
	if err := pool.QueryRow(context.Background(), `SELECT coalesce(sum(open_count), 0) FROM inbox.agent_load`).Scan(&load); err != nil {
		t.Fatal(err)
	}
	var open int64
	for _, f := range convs {
		if f.state.AssigneeID != "" && f.state.Status == conversation.StatusOpen {
			open++
		}
	}
	if load != open || open == 0 {
		t.Errorf("agent load sums to %d, %d open assigned conversations", load, open)
	}
}

func readCounts(t *testing.T, pool *pgxpool.Pool, sql string) map[countKey]int64 {
	t.Helper()
	rows, err := pool.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[countKey]int64{}
	for rows.Next() {
		var k countKey
		var n int64
		if err := rows.Scan(&k.Account, &k.Dimension, &k.Key, &k.Status, &n); err != nil {
			t.Fatal(err)
		}
		k.Key = strings.Clone(k.Key)
		out[k] += n
	}
	return out
}

// checkReads compares read marks with the fold's ReadUpTo.
func checkReads(t *testing.T, pool *pgxpool.Pool, convs map[string]*folded) {
	t.Helper()
	want := map[[2]string]int{}
	for id, f := range convs {
		for agent, seq := range f.state.ReadUpTo {
			for mid, m := range f.state.Messages {
				if m.Seq == seq {
					want[[2]string{id, agent}] = f.inbound[mid]
				}
			}
		}
	}
	rows, err := pool.Query(context.Background(), `SELECT conversation_id, agent_id, read_inbound FROM inbox.reads`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() {
		var c, a string
		var n int
		if err := rows.Scan(&c, &a, &n); err != nil {
			t.Fatal(err)
		}
		got++
		if want[[2]string{c, a}] != n {
			t.Errorf("read mark %s/%s = %d, fold says %d", c, a, n, want[[2]string{c, a}])
		}
	}
	if got != len(want) || got == 0 {
		t.Errorf("%d read marks, fold has %d", got, len(want))
	}
}
