package domaintest

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Aggregate binds the pure functions of one aggregate for table tests.
type Aggregate[S, C any] struct {
	Decide func(S, C, domain.Actor, time.Time) ([]domain.Event, error)
	Evolve func(S, domain.Event) S
	Clone  func(S) S
	Codec  *domain.Codec
	By     domain.Actor // default actor of a case
	Now    time.Time    // default time of a case
}

// Case is one given-when-then row: given events, when a command, then
// events (nil: a no-op) or an error of Kind with Code (and Field and a
// Msg substring, when set).
type Case[C any] struct {
	Name  string
	Given []domain.Event
	By    domain.Actor
	Now   time.Time
	When  C
	Then  []domain.Event
	Kind  domain.ErrorKind
	Code  string
	Field string
	Msg   string
}

// Run runs every case as a subtest. It also checks that Decide leaves its
// state untouched, that every decided event is known to the codec, and that
// Evolve accepts the decided events.
func Run[S, C any](t *testing.T, agg Aggregate[S, C], cases []Case[C]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			by, now := tc.By, tc.Now
			if by == (domain.Actor{}) {
				by = agg.By
			}
			if now.IsZero() {
				now = agg.Now
			}
			var s S
			for _, e := range tc.Given {
				s = agg.Evolve(s, e)
			}
			before := agg.Clone(s)
			got, err := agg.Decide(s, tc.When, by, now)
			if !reflect.DeepEqual(s, before) {
				t.Fatalf("Decide changed its state")
			}
			if tc.Code != "" {
				CheckError(t, err, tc.Kind, tc.Code, tc.Field, tc.Msg)
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !reflect.DeepEqual(got, tc.Then) {
				t.Fatalf("events:\n got  %#v\n want %#v", got, tc.Then)
			}
			for _, e := range got {
				if _, _, _, err := agg.Codec.Encode(e); err != nil {
					t.Fatalf("decided an event the codec cannot encode: %v", err)
				}
				s = agg.Evolve(s, e)
			}
		})
	}
}

// CheckError fails t unless err is a *domain.Error of kind and code (and
// field and a message containing msg, when they are not empty).
func CheckError(t *testing.T, err error, kind domain.ErrorKind, code, field, msg string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("want a *domain.Error %s/%s, got %v", kind, code, err)
	}
	if de.Kind != kind || de.Code != code {
		t.Fatalf("want %s/%s, got %s/%s (%v)", kind, code, de.Kind, de.Code, de)
	}
	if field != "" && de.Field != field {
		t.Fatalf("want field %q, got %q (%v)", field, de.Field, de)
	}
	if msg != "" && !strings.Contains(de.Message, msg) {
		t.Fatalf("message %q does not mention %q", de.Message, msg)
	}
}
