package estimeline

import (
	"context"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// Analyze returns the terms the index's text analyzer makes of text, to
// check that timeline.Terms (what the PostgreSQL adapter matches on)
// analyses text the same way.
func (c *Client) Analyze(ctx context.Context, text string) ([]string, error) {
	b, err := body(m{"analyzer": "parley_text", "text": text})
	if err != nil {
		return nil, err
	}
	var res struct {
		Tokens []struct {
			Token string `json:"token"`
		} `json:"tokens"`
	}
	if err := c.do(ctx, "analyze", esapi.IndicesAnalyzeRequest{Index: c.cfg.target(kindEntries), Body: b}, &res); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(res.Tokens))
	for _, t := range res.Tokens {
		out = append(out, t.Token)
	}
	return out, nil
}
