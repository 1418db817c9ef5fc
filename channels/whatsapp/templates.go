package whatsapp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/graph"
)

var _ channels.TemplateSource = (*Adapter)(nil)

type templatePage struct {
	Data []struct {
		Name       string `json:"name"`
		Language   string `json:"language"`
		Status     string `json:"status"`
		Category   string `json:"category"`
		Components []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"components"`
	} `json:"data"`
	Paging struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// maxTemplatePages bounds a sync (100 templates a page).
const maxTemplatePages = 50

// Templates lists the business account's message templates
// (GET /{version}/{waba-id}/message_templates, following paging.next on
// the same host).
func (a *Adapter) Templates(ctx context.Context, in channels.Inbox) ([]channels.Template, error) {
	if in.Credentials.BusinessID == "" {
		return nil, fmt.Errorf("whatsapp: the inbox has no business_account_id")
	}
	first := a.URL(in, url.PathEscape(in.Credentials.BusinessID)+"/message_templates?limit=100")
	base, err := url.Parse(first)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: templates URL: %w", err)
	}
	var out []channels.Template
	for next, pages := first, 0; next != "" && pages < maxTemplatePages; pages++ {
		u, err := url.Parse(next)
		if err != nil || u.Host != base.Host {
			return nil, fmt.Errorf("whatsapp: templates paging left %s", base.Host)
		}
		page, err := a.templatePage(ctx, in, next)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Data {
			tpl := channels.Template{Name: t.Name, Language: t.Language, Status: t.Status, Category: t.Category}
			for _, c := range t.Components {
				if c.Type == "BODY" {
					tpl.Body = c.Text
				}
			}
			out = append(out, tpl)
		}
		next = page.Paging.Next
	}
	return out, nil
}

func (a *Adapter) templatePage(ctx context.Context, in channels.Inbox, u string) (templatePage, error) {
	var page templatePage
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return page, fmt.Errorf("whatsapp: templates: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+in.Credentials.AccessToken)
	resp, err := a.Do(req)
	if err != nil {
		return page, fmt.Errorf("whatsapp: templates: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return page, fmt.Errorf("whatsapp: templates: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error *graph.Error `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		return page, sendError(resp.StatusCode, e.Error)
	}
	if err := json.Unmarshal(raw, &page); err != nil {
		return page, fmt.Errorf("whatsapp: decode templates: %w", err)
	}
	return page, nil
}
