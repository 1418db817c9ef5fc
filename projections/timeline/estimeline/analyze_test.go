package estimeline_test

import (
	"context"
	"slices"
	"testing"

	"github.com/parley-inbox/parley/projections/timeline"
)

// TestAnalyzerMatchesTerms: the engine's text analysis and timeline.Terms
// (the PostgreSQL adapter's) agree on multilingual chat text.
func TestAnalyzerMatchesTerms(t *testing.T) {
	c := newClient(t, false)
	texts := []string{
		"Hi, I ordered last week and the package hasn't arrived yet.",
		"Olá! Gostaria de saber o preço do plano anual.",
		"¿Dónde está mi pedido? Café crème brûlée, naïve façade",
		"Straße Ærø Łódź Øresund", "ПРИВЕТ, как дела?", "Γειά σου Κόσμε",
		"你好世界 こんにちは カタカナ", "مرحبا بالعالم", "שלום עולם", "हिन्दी भाषा",
		"order #12345 costs 3.50 EUR, ref A-17_b", "e-mail: ana.silva@example.com https://x.example/p?q=1",
		"don't won't it's O'Neil", "snake_case and CamelCase", "emoji 😀 👍🏽 test ❤️ 👨‍👩‍👧", "tab\tnew\nline", "สวัสดีครับ ภาษาไทย", "한국어 텍스트",
		"mixed日本語text", "x2y 3d 10:30 1,000.50 v1.2.3",
	}
	for _, text := range texts {
		got, err := c.Analyze(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		if want := timeline.Terms(text); !slices.Equal(got, want) {
			t.Errorf("%q:\n engine %q\n Terms  %q", text, got, want)
		}
	}
}
