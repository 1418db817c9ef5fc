package conversation

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestUpcastMessageReceivedV1(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"flat url moves into media": {`{"message_id":"m","media_url":"https://x/a.png"}`, `{"message_id":"m","media":{"url":"https://x/a.png"}}`},
		"empty url is dropped":      {`{"message_id":"m","type":"text","media_url":""}`, `{"message_id":"m","type":"text"}`},
		"no url, nothing to move":   {`{"message_id":"m","type":"text"}`, `{"message_id":"m","type":"text"}`},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := upcastMessageReceivedV1(json.RawMessage(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			assertJSON(t, got, tc.want)
		})
	}
	if _, err := upcastMessageReceivedV1(json.RawMessage(`{"media_url":7}`)); err == nil {
		t.Fatal("a non-string media_url must fail")
	}
	if _, err := upcastMessageReceivedV1(json.RawMessage(`[`)); err == nil {
		t.Fatal("bad JSON must fail")
	}
}

func TestUpcastAssignedV1(t *testing.T) {
	got, err := upcastAssignedV1(json.RawMessage(`{"agent_id":"a"}`))
	if err != nil {
		t.Fatal(err)
	}
	assertJSON(t, got, `{"agent_id":"a","reason":"manual"}`)
	if _, err := upcastAssignedV1(json.RawMessage(`"x"`)); err == nil {
		t.Fatal("a non-object must fail")
	}
}

func TestDecodeGivesValueEvents(t *testing.T) {
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	e, err := codec.Decode(TypeAssigned, 1, []byte(`{"agent_id":"a"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := e.(Assigned); !ok || got.Reason != ReasonManual {
		t.Fatalf("decoded %#v", e)
	}
}

func assertJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("got %s, want %s", got, want)
	}
}
