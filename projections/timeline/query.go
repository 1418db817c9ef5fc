package timeline

import (
	"fmt"
	"slices"
	"time"
)

// Page sizes and query bounds shared by both adapters and the API.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
	MaxSearchPage   = 100
	MaxQueryRunes   = 256
	MaxQueryTerms   = 16
	MaxKinds        = 13 // len(EntryKinds)
)

// TimelineQuery selects a page of one conversation's timeline. From is
// inclusive and To exclusive; zero times are unbounded. After is the
// Position of the last entry of the previous page (0 for the first page).
type TimelineQuery struct {
	Kinds    []string
	AgentID  string // entries done by this agent
	From, To time.Time
	Newest   bool // newest first; oldest first otherwise
	After    uint64
	Limit    int
}

// TimelinePage is a page of entries. Next is the After of the next page,
// 0 when this is the last one.
type TimelinePage struct {
	Entries []Entry `json:"entries"`
	Next    uint64  `json:"next,omitempty"`
}

// Normalize applies defaults and checks bounds; errors wrap ErrInvalidQuery.
func (q *TimelineQuery) Normalize() error {
	if q.Limit == 0 {
		q.Limit = DefaultPageSize
	}
	if q.Limit < 1 || q.Limit > MaxPageSize {
		return fmt.Errorf("%w: limit must be 1..%d", ErrInvalidQuery, MaxPageSize)
	}
	if len(q.Kinds) > MaxKinds {
		return fmt.Errorf("%w: at most %d kinds", ErrInvalidQuery, MaxKinds)
	}
	for _, k := range q.Kinds {
		if !slices.Contains(EntryKinds, k) {
			return fmt.Errorf("%w: unknown entry kind %q", ErrInvalidQuery, k)
		}
	}
	q.From, q.To = Millis(q.From), Millis(q.To)
	if !q.To.IsZero() && q.To.Before(q.From) {
		return fmt.Errorf("%w: to is before from", ErrInvalidQuery)
	}
	return nil
}

// SearchMode says how the words of a search match.
type SearchMode string

// Search modes: every word, the exact phrase, or every word with the last
// one as a prefix (search-as-you-type).
const (
	ModeAll    SearchMode = "all"
	ModePhrase SearchMode = "phrase"
	ModePrefix SearchMode = "prefix"
)

// SearchKinds are the kinds a search can return.
var SearchKinds = []string{KindMessage, KindNote, KindTranscription, KindSummary, KindContact}

// SearchQuery is a full-text search over an account's messages, notes,
// transcriptions, summaries and contacts. Filters by channel, inbox and
// agent apply to entries only (contacts have none); Tag matches entries of
// conversations that have the tag now, and contacts with the tag.
type SearchQuery struct {
	Text     string
	Mode     SearchMode
	Kinds    []string
	Channel  string
	InboxID  string
	AgentID  string
	Tag      string
	From, To time.Time
	After    *SearchCursor
	Limit    int
	// Inboxes, if not nil, restricts entries to these inboxes, and
	// Assignees to conversations now assigned to one of them ("" is
	// unassigned): the caller's visibility, not user input.
	Inboxes   []string
	Assignees []string
}

// SearchCursor is the sort key of the last hit of a page.
type SearchCursor struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

// SearchHit is one match, newest first; Highlight is Text, HTML-escaped,
// with the matching words wrapped in <em>.
type SearchHit struct {
	Kind           string    `json:"kind"`
	ID             string    `json:"id"`
	ConversationID string    `json:"conversation_id,omitempty"`
	ContactID      string    `json:"contact_id,omitempty"`
	Channel        string    `json:"channel,omitempty"`
	InboxID        string    `json:"inbox_id,omitempty"`
	ActorKind      string    `json:"actor_kind,omitempty"`
	ActorID        string    `json:"actor_id,omitempty"`
	At             time.Time `json:"at"`
	Text           string    `json:"text"`
	Highlight      string    `json:"highlight"`
}

// SearchResult is a page of hits; Next is nil on the last page.
type SearchResult struct {
	Hits []SearchHit   `json:"hits"`
	Next *SearchCursor `json:"next,omitempty"`
}

// Normalize applies defaults and checks bounds; errors wrap ErrInvalidQuery.
func (q *SearchQuery) Normalize() error {
	if q.Mode == "" {
		q.Mode = ModeAll
	}
	if !slices.Contains([]SearchMode{ModeAll, ModePhrase, ModePrefix}, q.Mode) {
		return fmt.Errorf("%w: mode must be all, phrase or prefix", ErrInvalidQuery)
	}
	if len([]rune(q.Text)) > MaxQueryRunes {
		return fmt.Errorf("%w: q is longer than %d characters", ErrInvalidQuery, MaxQueryRunes)
	}
	terms := Terms(q.Text)
	if len(terms) == 0 {
		return fmt.Errorf("%w: q has no words", ErrInvalidQuery)
	}
	if len(terms) > MaxQueryTerms {
		return fmt.Errorf("%w: q has more than %d words", ErrInvalidQuery, MaxQueryTerms)
	}
	if q.Limit == 0 {
		q.Limit = 20
	}
	if q.Limit < 1 || q.Limit > MaxSearchPage {
		return fmt.Errorf("%w: limit must be 1..%d", ErrInvalidQuery, MaxSearchPage)
	}
	if len(q.Kinds) == 0 {
		q.Kinds = SearchKinds
	}
	for _, k := range q.Kinds {
		if !slices.Contains(SearchKinds, k) {
			return fmt.Errorf("%w: kind %q is not searchable", ErrInvalidQuery, k)
		}
	}
	q.From, q.To = Millis(q.From), Millis(q.To)
	if !q.To.IsZero() && q.To.Before(q.From) {
		return fmt.Errorf("%w: to is before from", ErrInvalidQuery)
	}
	return nil
}

// EntriesOnly reports whether a filter excludes contacts.
func (q SearchQuery) EntriesOnly() bool {
	return q.Channel != "" || q.InboxID != "" || q.AgentID != ""
}

// ByConversation reports whether entries are filtered by their
// conversation's current state (tag or assignee).
func (q SearchQuery) ByConversation() bool { return q.Tag != "" || q.Assignees != nil }

// EntryHit is the search hit of an entry.
func EntryHit(e Entry, highlight string) SearchHit {
	return SearchHit{Kind: e.Kind, ID: e.ID, ConversationID: e.ConversationID, ContactID: e.ContactID,
		Channel: e.Channel, InboxID: e.InboxID, ActorKind: e.ActorKind, ActorID: e.ActorID, At: e.At,
		Text: e.Text, Highlight: highlight}
}

// ContactHit is the search hit of a contact.
func ContactHit(c Contact, highlight string) SearchHit {
	return SearchHit{Kind: KindContact, ID: c.ID, ContactID: c.ID, At: c.At, Text: c.DisplayName, Highlight: highlight}
}
