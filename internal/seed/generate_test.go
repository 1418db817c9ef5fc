package seed

import (
	"reflect"
	"testing"

	"github.com/parley-inbox/parley/domain/conversation"
)

func TestHistoriesAreDeterministicAndVaried(t *testing.T) {
	g, err := NewGenerator(42, 3, "t-")
	if err != nil {
		t.Fatal(err)
	}
	codec, err := conversation.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[conversation.Status]int{}
	events := 0
	for i := range 2000 {
		h, err := g.History(i)
		if err != nil {
			t.Fatal(err)
		}
		again, err := g.History(i)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(h, again) {
			t.Fatalf("conversation %d differs between two generations", i)
		}
		var s conversation.State
		for _, ev := range h.Conversation.Events {
			e, err := codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
			if err != nil {
				t.Fatal(err)
			}
			s = conversation.Evolve(s, e)
		}
		statuses[s.Status]++
		events += len(h.Conversation.Events)
		if h.Contact != nil {
			events += len(h.Contact.Events)
		}
	}
	for _, st := range []conversation.Status{conversation.StatusOpen, conversation.StatusPending, conversation.StatusSnoozed, conversation.StatusClosed} {
		if statuses[st] == 0 {
			t.Errorf("no %s conversation in 2000: %v", st, statuses)
		}
	}
	t.Logf("statuses %v, %.1f events per conversation", statuses, float64(events)/2000)
}
