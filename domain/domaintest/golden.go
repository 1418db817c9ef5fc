package domaintest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

// CheckGolden checks a codec against the golden files in dir:
//
//   - <type>.v<N>.json exists for every event type and every version 1..current;
//   - decoding it (upcasting old versions) and encoding again gives
//     <type>.v<N>.upcast.json for old versions and the file itself for the
//     current one;
//   - samples holds exactly one event of every type, and the current golden
//     file decodes to it;
//   - dir holds no file for an unknown type or version.
//
// With update, the current-version files are first rewritten from samples
// (old versions and their upcast files are written by hand, once).
func CheckGolden(t *testing.T, codec *domain.Codec, dir string, samples []domain.Event, update bool) {
	t.Helper()
	byType := map[string]domain.Event{}
	for _, e := range samples {
		if !codec.Knows(e.EventType()) {
			t.Errorf("sample of unknown type %s", e.EventType())
		}
		byType[e.EventType()] = e
	}
	for _, typ := range codec.Types() {
		sample, ok := byType[typ]
		if !ok {
			t.Errorf("%s: no sample event", typ)
			continue
		}
		if update {
			writeGolden(t, codec, dir, sample)
		}
		for v := 1; v <= codec.Version(typ); v++ {
			checkVersion(t, codec, dir, typ, v, sample)
		}
	}
	checkNoStrayFiles(t, codec, dir)
}

func checkVersion(t *testing.T, codec *domain.Codec, dir, typ string, v int, sample domain.Event) {
	t.Helper()
	name := fmt.Sprintf("%s.v%d.json", typ, v)
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Errorf("%s: missing golden file: %v", typ, err)
		return
	}
	want := data
	current := v == codec.Version(typ)
	if !current {
		upcast := fmt.Sprintf("%s.v%d.upcast.json", typ, v)
		if want, err = os.ReadFile(filepath.Join(dir, upcast)); err != nil {
			t.Errorf("%s: missing expected upcast of v%d: %v", typ, v, err)
			return
		}
	}
	e, err := codec.Decode(typ, v, data)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	_, _, got, err := codec.Encode(e)
	if err != nil {
		t.Errorf("%s: encode: %v", name, err)
		return
	}
	if !jsonEqual(t, got, want) {
		t.Errorf("%s: decoded and encoded again:\n got  %s\n want %s", name, got, compact(want))
	}
	if current && !reflect.DeepEqual(e, sample) {
		t.Errorf("%s: decodes to %#v, want the sample %#v", name, e, sample)
	}
}

func writeGolden(t *testing.T, codec *domain.Codec, dir string, e domain.Event) {
	t.Helper()
	typ, v, data, err := codec.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", "  "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s.v%d.json", typ, v)), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkNoStrayFiles(t *testing.T, codec *domain.Codec, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`^(.+)\.v([0-9]+)(\.upcast)?\.json$`)
	for _, de := range entries {
		m := name.FindStringSubmatch(de.Name())
		if m == nil {
			t.Errorf("golden dir holds %s, not <type>.v<N>[.upcast].json", de.Name())
			continue
		}
		v, _ := strconv.Atoi(m[2])
		if !codec.Knows(m[1]) || v < 1 || v > codec.Version(m[1]) || (m[3] != "" && v == codec.Version(m[1])) {
			t.Errorf("golden file %s names no known type and version", de.Name())
		}
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Errorf("bad JSON %s: %v", a, err)
		return false
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Errorf("bad JSON %s: %v", b, err)
		return false
	}
	return reflect.DeepEqual(x, y)
}

func compact(b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return b
	}
	return buf.Bytes()
}
