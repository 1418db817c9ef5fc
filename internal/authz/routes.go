package authz

import "strings"

// BotMayCall reports whether a bot may call the API route (a gin route
// template under /api/v1, e.g. "/api/v1/conversations/:id/messages").
func BotMayCall(method, route string) bool {
	rest, ok := strings.CutPrefix(route, "/api/v1")
	if !ok {
		return false
	}
	switch {
	case rest == "/whoami":
		return true
	case rest == "/conversations" && method == "POST":
		return true
	case rest == "/conversations/:id" || rest == "/conversations" || rest == "/stream":
		return method == "GET"
	}
	suffix, ok := strings.CutPrefix(rest, "/conversations/:id")
	if !ok {
		return false
	}
	return botCommand(suffix)
}

// botCommand says which conversation commands (path suffixes after
// /conversations/:id) a bot may send: bots answer customers and hand off to
// humans; they never administer, merge contacts or read reports.
func botCommand(suffix string) bool {
	switch suffix {
	case "/inbound-messages", "/messages", "/delivery-statuses", "/notes", "/tags", "/tags/:tag",
		"/close", "/hand-off", "/read", "/references", "/references/unlink", "/integration-events",
		"/transcriptions", "/summaries", "/priority":
		return true
	}
	return false
}
