package query

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Page is one page of a conversation list.
type Page struct {
	Data []Conversation `json:"data"`
	Meta PageMeta       `json:"meta"`
}

// PageMeta holds the next page's cursor (absent on the last page), the page
// size and the tab counts.
type PageMeta struct {
	NextCursor string    `json:"next_cursor,omitempty"`
	Limit      int       `json:"limit"`
	Counts     TabCounts `json:"counts"`
}

// ListConversations returns one page of the viewer's account's
// conversations matching p, in p.Sort order, after p.Cursor.
func (s *Service) ListConversations(ctx context.Context, v Viewer, p ListParams) (Page, error) {
	if v.AgentID == "" && (p.Assignee == "me" || p.Unread != nil) {
		field := "assignee"
		if p.Assignee != "me" {
			field = "unread"
		}
		return Page{}, invalid(field, "refers to the calling agent; the credential is not an agent's")
	}
	digest := filterDigest(v, p)
	var after *cursor
	if p.Cursor != "" {
		c, err := s.decodeCursor(p.Cursor, p.Sort, digest)
		if err != nil {
			return Page{}, err
		}
		after = &c
	}
	sql, args := listSQL(v, p, after)
	// A prepared statement per list shape: every list is an ordered index
	// range scan (tags through conversation_tags), so PostgreSQL's generic
	// plan is as good as a custom one and planning is skipped.
	rows, err := s.pool.Query(ctx, s.sql(sql), args...)
	if err != nil {
		return Page{}, fmt.Errorf("query: list conversations: %w", err)
	}
	defer rows.Close()
	page := Page{Data: make([]Conversation, 0, p.Limit), Meta: PageMeta{Limit: p.Limit}}
	more := false
	for rows.Next() {
		if len(page.Data) == p.Limit {
			more = true
			break
		}
		c, err := scanConversation(rows, v)
		if err != nil {
			return Page{}, fmt.Errorf("query: list conversations: %w", err)
		}
		page.Data = append(page.Data, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("query: list conversations: %w", err)
	}
	if more {
		page.Meta.NextCursor = s.encodeCursor(cursorAfter(page.Data[len(page.Data)-1], p.Sort, digest))
	}
	if page.Meta.Counts, err = s.tabCounts(ctx, v, p); err != nil {
		return Page{}, err
	}
	return page, nil
}

// cursorAfter is the cursor that continues after row c.
func cursorAfter(c Conversation, sort, digest string) cursor {
	cur := cursor{Sort: sort, Filters: digest, ID: c.ID, Time: c.LastActivityAt.UnixMicro()}
	switch sort {
	case SortCreated:
		cur.Time = c.CreatedAt.UnixMicro()
	case SortWaitingSince:
		cur.Time = c.WaitingSince.UnixMicro()
	case SortPriority:
		cur.Priority = int16(max(slices.Index(priorities, c.Priority), 0))
	}
	return cur
}

// filterDigest binds a cursor to the viewer and filters it was issued for.
func filterDigest(v Viewer, p ListParams) string {
	canonical, _ := json.Marshal(struct {
		Account, Agent, Status, Assignee, Team, Inbox, Channel, Contact, TagMatch, Sort string
		Tags                                                                            []string
		Priority                                                                        int16
		Unread, Waiting, Snoozed                                                        string
		Times                                                                           [4]int64
	}{v.AccountID, v.AgentID, p.Status, p.Assignee, p.Team, p.Inbox, p.Channel, p.Contact, p.TagMatch, p.Sort,
		slices.Sorted(slices.Values(p.Tags)), deref(p.Priority), boolStr(p.Unread), boolStr(p.Waiting), boolStr(p.Snoozed),
		[4]int64{p.CreatedAfter.UnixMicro(), p.CreatedBefore.UnixMicro(), p.UpdatedAfter.UnixMicro(), p.UpdatedBefore.UnixMicro()}})
	h := sha256.Sum256(canonical)
	return hex.EncodeToString(h[:8])
}

func deref(p *int16) int16 {
	if p == nil {
		return -1
	}
	return *p
}

func boolStr(b *bool) string {
	if b == nil {
		return "-"
	}
	return strconv.FormatBool(*b)
}
