package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// write stores every changed row once, then the side tables and counts.
func (b *batch) write(ctx context.Context) error {
	q := &pgx.Batch{}
	for _, id := range b.touched {
		r := b.contacts[id]
		ids, err := json.Marshal(nonNil(r.Identities))
		if err != nil {
			return fmt.Errorf("inbox: contact %s identities: %w", id, err)
		}
		fields, err := json.Marshal(nonNilMap(r.CustomFields))
		if err != nil {
			return fmt.Errorf("inbox: contact %s custom fields: %w", id, err)
		}
		q.Queue(b.p.sql.upsertContact, r.ID, r.AccountID, r.DisplayName, r.AvatarURL, ids, nonNil(r.Tags), r.Private,
			r.MergedInto, nonNil(r.MergedFrom), fields, r.CreatedAt, r.UpdatedAt, r.Revision)
	}
	if len(b.touched) > 0 {
		var acc, cid, key []string
		for _, id := range b.touched {
			r := b.contacts[id]
			for _, k := range r.searchKeys() {
				acc, cid, key = append(acc, r.AccountID), append(cid, id), append(key, k)
			}
		}
		q.Queue(b.p.sql.deleteHandles, b.touched)
		q.Queue(b.p.sql.insertHandles, acc, cid, key)
	}
	for _, id := range b.changed {
		r := b.contactColumns(b.convs[id])
		old, had := b.before[id]
		b.deltas.move(old, had, r)
		q.Queue(b.p.sql.upsertConv, r.ID, r.AccountID, r.InboxID, r.Channel, r.ContactID, r.ContactName, r.ContactAvatar,
			r.Handle, r.HandleMasked, r.ContactPrivate, r.Subject, r.Status,
			r.AssigneeID, r.TeamID, r.BotID, r.Accepted, nonNil(r.Tags), tagKeys(r.Tags), r.Priority, null(r.SnoozedUntil),
			r.Preview, r.LastKind, r.LastDirection, null(r.LastMessageAt), r.MessageCount, r.InboundCount,
			null(r.LastInboundAt), null(r.WindowClosesAt), null(r.WaitingSince), null(r.FirstResponseAt),
			null(r.ResolvedAt), r.CreatedAt, null(r.ClosedAt), r.LastActivityAt, r.Session, r.Revision)
	}
	b.writeTags(q)
	if len(b.msgs.id) > 0 {
		q.Queue(b.p.sql.insertMessages, b.msgs.conv, b.msgs.id, b.msgs.upto)
	}
	if len(b.reads) > 0 {
		var conv, agent []string
		var n []int32
		for k, v := range b.reads {
			conv, agent, n = append(conv, k[0]), append(agent, k[1]), append(n, v)
		}
		q.Queue(b.p.sql.upsertReads, conv, agent, n)
	}
	if keys, ns := b.deltas.nonZero(); len(keys) > 0 {
		acc, dim, key, st := make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			acc[i], dim[i], key[i], st[i] = k.Account, k.Dimension, k.Key, k.Status
		}
		q.Queue(b.p.sql.addCounts, acc, dim, key, st, ns)
		q.Queue(b.p.sql.dropZeroCounts, acc, dim, key, st)
	}
	if len(b.touched) > 0 {
		q.Queue(b.p.sql.propagateContact, b.touched, nonNil(b.changed))
	}
	if q.Len() == 0 {
		return nil
	}
	if err := b.tx.SendBatch(ctx, q).Close(); err != nil {
		return fmt.Errorf("inbox: write %d conversations, %d contacts: %w", len(b.changed), len(b.touched), err)
	}
	return nil
}

// writeTags rewrites the conversation_tags rows of every changed
// conversation whose tags, status, last activity, inbox or assignee moved
// (a message to an untagged conversation costs nothing here).
func (b *batch) writeTags(q *pgx.Batch) {
	var ids []string
	for _, id := range b.changed {
		r, old := b.convs[id], b.before[id]
		if len(r.Tags) == 0 && len(old.Tags) == 0 {
			continue
		}
		if slices.Equal(r.Tags, old.Tags) && r.Status == old.Status && r.LastActivityAt.Equal(old.LastActivityAt) &&
			r.InboxID == old.InboxID && r.AssigneeID == old.AssigneeID {
			continue
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return
	}
	q.Queue(b.p.sql.deleteTags, ids)
	q.Queue(b.p.sql.insertTags, ids)
}

// contactColumns copies the contact's current name, avatar, privacy and
// handle on the conversation's channel into r, when the batch holds the
// contact; otherwise r keeps what is stored.
func (b *batch) contactColumns(r convRow) convRow {
	k, ok := b.contacts[r.ContactID]
	if !ok || k.Revision < 0 {
		return r
	}
	r.ContactName, r.ContactAvatar, r.ContactPrivate, r.Handle, r.HandleMasked = k.DisplayName, k.AvatarURL, k.Private, "", ""
	kind := string(handleKind(r.Channel))
	for _, id := range k.Identities {
		if id.Kind == kind {
			r.Handle, r.HandleMasked = id.Value, id.Masked
			break
		}
	}
	return r
}

func null(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
