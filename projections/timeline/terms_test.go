package timeline_test

import (
	"slices"
	"testing"

	"github.com/parley-inbox/parley/projections/timeline"
)

func TestTerms(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Café CRÈME, naïve!", []string{"cafe", "creme", "naive"}},
		{"hasn't e.g. 10:30 1,000.50", []string{"hasn't", "e.g", "10", "30", "1,000.50"}},
		{"你好 カタカナ", []string{"你", "好", "カタカナ"}},
		{"Straße", []string{"strasse"}},
		{"", nil},
	} {
		got := timeline.Terms(c.text)
		if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("Terms(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if n := timeline.Norm("Order  ships!"); n != " order ships " {
		t.Errorf("Norm = %q", n)
	}
}

func TestHighlight(t *testing.T) {
	for _, c := range []struct {
		text, q string
		mode    timeline.SearchMode
		want    string
	}{
		{"Your order ships", "ORDER", timeline.ModeAll, "Your <em>order</em> ships"},
		{"a b a c", "a c", timeline.ModePhrase, "a b <em>a</em> <em>c</em>"},
		{"tomorrow & <b>", "tomo", timeline.ModePrefix, "<em>tomorrow</em> &amp; &lt;b&gt;"},
		{"it's a/b \"x\"", "x", timeline.ModeAll, "it&#x27;s a&#x2F;b &quot;<em>x</em>&quot;"},
	} {
		if got := timeline.Highlight(c.text, c.q, c.mode); got != c.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", c.text, c.q, got, c.want)
		}
	}
}

func TestQuantile(t *testing.T) {
	for _, c := range []struct {
		xs      []float64
		q, want float64
	}{
		{[]float64{300, 600}, 0.5, 450},
		{[]float64{300, 600}, 0.9, 600},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9, 9.5},
		{[]float64{7}, 0.9, 7},
		{[]float64{1, 2, 3}, 0.1, 1},
	} {
		if got := timeline.Quantile(c.xs, c.q); got != c.want {
			t.Errorf("Quantile(%v, %v) = %v, want %v", c.xs, c.q, got, c.want)
		}
	}
}

func TestPhones(t *testing.T) {
	h := timeline.NewPhoneHasher([]byte("k"))
	if h.Hash("+49 151 1234-5678") != h.Hash("+4915112345678") || h.Hash("+1") == timeline.NewPhoneHasher([]byte("k2")).Hash("+1") {
		t.Fatal("the hash is of the digits, and keyed")
	}
	if got := timeline.LastDigits("+49 151 1234-5678"); got != "5678" {
		t.Fatalf("LastDigits = %q", got)
	}
}
