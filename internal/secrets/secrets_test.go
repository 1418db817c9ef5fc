package secrets

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestConcurrentFirstUseAgreesOnOneKey(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	if err := Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := Get(ctx, pool, "cursor", 32)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	for _, k := range keys {
		if len(k) != 32 || !bytes.Equal(k, keys[0]) {
			t.Fatalf("keys differ or have the wrong size: %x vs %x", k, keys[0])
		}
	}
	other, err := Get(ctx, pool, "other", 32)
	if err != nil || bytes.Equal(other, keys[0]) {
		t.Fatalf("another name must get another key (%v)", err)
	}
}
