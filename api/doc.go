// Package api is the HTTP framework of Parley's command API: authentication
// (the account and actor come only from the credential), problem+json errors
// mapped from domain and event store errors in one place, strict JSON
// decoding, idempotent command endpoints with If-Match, request ids, access
// logs, Prometheus metrics, health checks and the OpenAPI document.
//
// Command routes plug in through CommandAPI.Handle (or HandleJSON):
//
//	cmds.Handle(http.MethodPost, "/conversations/:id/close", "conversation.close",
//		func(c *gin.Context, p api.Principal, ifMatch *uint64) (api.CommandResult, error) { ... })
package api
