package contact

import (
	"encoding/json"
	"flag"
	"testing"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/domaintest"
)

var update = flag.Bool("update", false, "rewrite the current-version golden files from the samples")

// sampleEvents holds one event of every type with every field set.
func sampleEvents() []domain.Event {
	return []domain.Event{
		Created{DisplayName: "Ana Ruiz", AvatarURL: "https://cdn.example.com/ana.png", CustomFields: map[string]string{"plan": "gold", "city": "Rosario"}},
		ProfileUpdated{DisplayName: ptr("Ana R."), AvatarURL: ptr(""), CustomFieldsSet: map[string]string{"city": "Córdoba"}, CustomFieldsRemoved: []string{"plan"}},
		IdentityAdded{Kind: KindPhone, Value: "+5491155550000"},
		IdentityRemoved{Kind: KindEmail, Value: "ana@example.com"},
		TagApplied{Tag: "VIP"},
		TagRemoved{Tag: "wholesale"},
		MarkedPrivate{},
		UnmarkedPrivate{},
		MergedInto{TargetID: "contact-9"},
		MergedFrom{SourceID: "contact-1"},
		Unmerged{TargetID: "contact-9"},
		UnmergedFrom{SourceID: "contact-1"},
	}
}

func TestGoldenEvents(t *testing.T) {
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	domaintest.CheckGolden(t, codec, "testdata/events", sampleEvents(), *update)
}

func TestUpcastCreatedV1(t *testing.T) {
	for in, want := range map[string]string{
		`{"name":"Ana"}`:                      `{"display_name":"Ana"}`,
		`{"avatar_url":"https://x/a.png"}`:    `{"avatar_url":"https://x/a.png"}`,
		`{"name":"old","display_name":"new"}`: `{"display_name":"new"}`,
	} {
		got, err := upcastCreatedV1(json.RawMessage(in))
		if err != nil {
			t.Fatal(err)
		}
		if mustCompact(t, string(got)) != mustCompact(t, want) {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
	if _, err := upcastCreatedV1(json.RawMessage(`[]`)); err == nil {
		t.Fatal("a non-object must fail")
	}
}

func mustCompact(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
