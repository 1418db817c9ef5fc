package whatsappfake

import "fmt"

// invalidReaction checks a reaction as the Cloud API documents it: the
// wamid reacted to and an emoji (empty removes the reaction).
func invalidReaction(obj map[string]any) string {
	if id, _ := obj["message_id"].(string); id == "" {
		return "Param reaction['message_id'] is required."
	}
	if _, ok := obj["emoji"].(string); !ok {
		return "Param reaction['emoji'] is required."
	}
	return ""
}

// invalidInteractive checks the catalog messages (single- and
// multi-product); other interactive types are accepted as they are.
func invalidInteractive(obj map[string]any) string {
	action, _ := obj["action"].(map[string]any)
	switch obj["type"] {
	case "product":
		if obj["header"] != nil {
			return "Param interactive['header'] is not allowed for type product."
		}
		if str(action, "catalog_id") == "" || str(action, "product_retailer_id") == "" {
			return "Param interactive['action']['catalog_id'] and ['product_retailer_id'] are required."
		}
	case "product_list":
		header, _ := obj["header"].(map[string]any)
		if str(header, "type") != "text" || str(header, "text") == "" {
			return "Param interactive['header'] of type text is required for type product_list."
		}
		if body, _ := obj["body"].(map[string]any); str(body, "text") == "" {
			return "Param interactive['body']['text'] is required for type product_list."
		}
		if str(action, "catalog_id") == "" {
			return "Param interactive['action']['catalog_id'] is required."
		}
		return invalidSections(action["sections"])
	case nil:
		return "Param interactive['type'] is required."
	}
	return ""
}

func invalidSections(v any) string {
	sections, _ := v.([]any)
	if len(sections) == 0 || len(sections) > 10 {
		return "Param interactive['action']['sections'] must have 1 to 10 sections."
	}
	total := 0
	for i, raw := range sections {
		s, _ := raw.(map[string]any)
		if len(sections) > 1 && str(s, "title") == "" {
			return fmt.Sprintf("Param interactive['action']['sections'][%d]['title'] is required with several sections.", i)
		}
		items, _ := s["product_items"].([]any)
		if len(items) == 0 {
			return fmt.Sprintf("Param interactive['action']['sections'][%d]['product_items'] is required.", i)
		}
		for _, it := range items {
			if m, _ := it.(map[string]any); str(m, "product_retailer_id") == "" {
				return "Param product_items['product_retailer_id'] is required."
			}
		}
		total += len(items)
	}
	if total > 30 {
		return "A product list holds at most 30 products."
	}
	return ""
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
