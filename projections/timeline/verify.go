package timeline

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/parley-inbox/parley/eventstore"
)

// VerifyReport is what Verify found (and fixed).
type VerifyReport struct {
	Events   int      `json:"events"`   // events replayed
	Checked  int      `json:"checked"`  // documents compared
	Missing  []string `json:"missing"`  // absent from the store
	Stale    []string `json:"stale"`    // stored with a lower version
	Differ   []string `json:"differ"`   // same version, other content (not repairable by a versioned write)
	Repaired int      `json:"repaired"` // missing and stale documents written
}

// OK reports whether the store matched the log.
func (r VerifyReport) OK() bool { return len(r.Missing)+len(r.Stale)+len(r.Differ) == 0 }

// Verify folds the whole log from scratch in memory and compares every
// resulting document with target's; with repair it writes the missing and
// stale ones. It is `parley projections verify timeline`. It holds the
// read model in memory: meant for one deployment's log of moderate size;
// beyond that, rebuild side by side and swap.
func (f *Folder) Verify(ctx context.Context, log eventstore.Store, target DocStore, repair bool) (VerifyReport, error) {
	var rep VerifyReport
	mem := NewMemoryDocs()
	after := uint64(0)
	for {
		evs, err := log.ReadAll(ctx, after, 2000)
		if err != nil {
			return rep, fmt.Errorf("timeline: verify: read log after %d: %w", after, err)
		}
		if len(evs) == 0 {
			break
		}
		if _, err := f.Project(ctx, mem, evs); err != nil {
			return rep, fmt.Errorf("timeline: verify: %w", err)
		}
		rep.Events += len(evs)
		after = evs[len(evs)-1].Position
	}
	var fix Changes
	check := func(kind string, ids []string, want func(string) (any, uint64), got func(Docs, string) (any, uint64, bool), add func(string)) error {
		for chunk := range slices.Chunk(ids, 500) {
			var k Keys
			switch kind {
			case "conversation":
				k.Conversations = chunk
			case "session":
				k.Sessions = chunk
			case "entry":
				k.Entries = chunk
			default:
				k.Contacts = chunk
			}
			stored, err := target.Load(ctx, k)
			if err != nil {
				return fmt.Errorf("timeline: verify: load %ss: %w", kind, err)
			}
			for _, id := range chunk {
				rep.Checked++
				w, wv := want(id)
				g, gv, ok := got(stored, id)
				switch {
				case !ok:
					rep.Missing = append(rep.Missing, kind+"/"+id)
					add(id)
				case gv < wv:
					rep.Stale = append(rep.Stale, kind+"/"+id)
					add(id)
				case !reflect.DeepEqual(normalize(w), normalize(g)):
					rep.Differ = append(rep.Differ, kind+"/"+id)
				}
			}
		}
		return nil
	}
	d := mem.docs
	steps := []error{
		check("conversation", sortedKeys(d.Conversations), func(id string) (any, uint64) { return d.Conversations[id], d.Conversations[id].Version },
			func(s Docs, id string) (any, uint64, bool) { x, ok := s.Conversations[id]; return x, x.Version, ok },
			func(id string) { fix.Conversations = append(fix.Conversations, d.Conversations[id]) }),
		check("session", sortedKeys(d.Sessions), func(id string) (any, uint64) { return d.Sessions[id], d.Sessions[id].Version },
			func(s Docs, id string) (any, uint64, bool) { x, ok := s.Sessions[id]; return x, x.Version, ok },
			func(id string) { fix.Sessions = append(fix.Sessions, d.Sessions[id]) }),
		check("entry", sortedKeys(d.Entries), func(id string) (any, uint64) { return d.Entries[id], d.Entries[id].Version },
			func(s Docs, id string) (any, uint64, bool) { x, ok := s.Entries[id]; return x, x.Version, ok },
			func(id string) { fix.Entries = append(fix.Entries, d.Entries[id]) }),
		check("contact", sortedKeys(d.Contacts), func(id string) (any, uint64) { return d.Contacts[id], d.Contacts[id].Version },
			func(s Docs, id string) (any, uint64, bool) { x, ok := s.Contacts[id]; return x, x.Version, ok },
			func(id string) { fix.Contacts = append(fix.Contacts, d.Contacts[id]) }),
	}
	for _, err := range steps {
		if err != nil {
			return rep, err
		}
	}
	if repair && fix.Len() > 0 {
		if err := target.Write(ctx, fix); err != nil {
			return rep, fmt.Errorf("timeline: verify: repair: %w", err)
		}
		rep.Repaired = fix.Len()
	}
	return rep, nil
}

func sortedKeys[T any](m map[string]T) []string { return slices.Sorted(maps.Keys(m)) }
