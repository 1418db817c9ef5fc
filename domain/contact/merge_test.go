package contact

import (
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideMerge(t *testing.T) {
	merged := ev(created(), MergedInto{TargetID: "contact-9"})
	target := ev(created(), MergedFrom{SourceID: "contact-1"})
	runDecide(t, []decideCase{
		{Name: "merge the source into a target", Given: ev(created()), When: MergeInto{TargetID: "contact-9"}, Then: ev(MergedInto{TargetID: "contact-9"})},
		{Name: "the target absorbs the source", Given: ev(created()), When: AbsorbMerge{SourceID: "contact-1"}, Then: ev(MergedFrom{SourceID: "contact-1"})},
		{Name: "absorbing the same source again is a no-op", Given: target, When: AbsorbMerge{SourceID: "contact-1"}},
		{Name: "the target absorbs a second source", Given: target, When: AbsorbMerge{SourceID: "contact-2"}, Then: ev(MergedFrom{SourceID: "contact-2"})},
		{Name: "merging again into the same target is a no-op", Given: merged, When: MergeInto{TargetID: "contact-9"}},
		{Name: "merging into another target", Given: merged, When: MergeInto{TargetID: "contact-5"},
			Kind: domain.KindConflict, Code: CodeMerged, Msg: "contact-9"},
		{Name: "a merged contact rejects changes, naming the target", Given: merged, When: ApplyTag{Tag: "x"},
			Kind: domain.KindConflict, Code: CodeMerged, Msg: `"contact-9"`},
		{Name: "a merged contact cannot absorb others", Given: merged, When: AbsorbMerge{SourceID: "contact-3"}, Kind: domain.KindConflict, Code: CodeMerged},
		{Name: "a merged contact rejects identities", Given: merged, When: AddIdentity{Kind: KindEmail, Value: "a@b.co"}, Kind: domain.KindConflict, Code: CodeMerged},
		{Name: "unmerge the source", Given: merged, When: Unmerge{}, Then: ev(Unmerged{TargetID: "contact-9"})},
		{Name: "unmerge a contact that is not merged", Given: ev(created()), When: Unmerge{}, Kind: domain.KindConflict, Code: CodeNotMerged},
		{Name: "the target lets the source go", Given: target, When: UnmergeFrom{SourceID: "contact-1"}, Then: ev(UnmergedFrom{SourceID: "contact-1"})},
		{Name: "the target never had that source", Given: target, When: UnmergeFrom{SourceID: "contact-7"}, Kind: domain.KindConflict, Code: CodeNotMergedFrom},
		{Name: "an unmerged contact accepts changes again", Given: ev(created(), MergedInto{TargetID: "contact-9"}, Unmerged{TargetID: "contact-9"}),
			When: ApplyTag{Tag: "x"}, Then: ev(TagApplied{Tag: "x"})},
		{Name: "merge target id required", Given: ev(created()), When: MergeInto{}, Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "target_id"},
		{Name: "absorb source id validated", Given: ev(created()), When: AbsorbMerge{SourceID: "a/b"}, Kind: domain.KindInvalid, Code: domain.CodeBadID, Field: "source_id"},
	})
	s := fold(created(), MergedFrom{SourceID: "a"}, MergedFrom{SourceID: "b"}, UnmergedFrom{SourceID: "a"})
	if len(s.MergedFrom) != 1 || s.MergedFrom[0] != "b" {
		t.Fatalf("lineage = %v", s.MergedFrom)
	}
}

// validCommands holds one valid command of every type.
func validCommands() []Command {
	return []Command{
		CreateContact{}, UpdateProfile{}, AddIdentity{Kind: KindEmail, Value: "a@b.co"}, RemoveIdentity{Kind: KindEmail, Value: "a@b.co"},
		ApplyTag{Tag: "x"}, RemoveTag{Tag: "x"}, MarkPrivate{}, UnmarkPrivate{},
		MergeInto{TargetID: "t"}, AbsorbMerge{SourceID: "s"}, Unmerge{}, UnmergeFrom{SourceID: "s"},
	}
}

func TestCommandsOnMissingContactAreNotFound(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range validCommands() {
		if seen[c.CommandType()] {
			t.Fatalf("command type %s twice", c.CommandType())
		}
		seen[c.CommandType()] = true
		if err := c.Validate(); err != nil {
			t.Fatalf("%s: sample is invalid: %v", c.CommandType(), err)
		}
		if _, ok := c.(CreateContact); ok {
			continue
		}
		if _, err := Decide(State{}, c, agent, t0); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("%s on a missing contact: want not found, got %v", c.CommandType(), err)
		}
	}
	if _, err := Decide(State{}, nil, agent, t0); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("nil command: %v", err)
	}
}

func TestStreamName(t *testing.T) {
	if StreamName("c1") != "contact-c1" {
		t.Fatal(StreamName("c1"))
	}
	if id, ok := IDFromStream("contact-c1"); !ok || id != "c1" {
		t.Fatal(id, ok)
	}
	if _, ok := IDFromStream("conversation-c1"); ok {
		t.Fatal("accepted a conversation stream")
	}
}
