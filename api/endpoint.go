package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

// CommandResult is where a command's events landed; it is the body of every
// accepted command (202).
type CommandResult struct {
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	Position uint64 `json:"position"`
}

// CommandFunc runs one command for an authenticated principal. ifMatch is the
// expected stream revision from the If-Match header, nil if absent. It must
// not write the response: Handle answers from its result or error.
type CommandFunc func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error)

// CommandAPI registers command endpoints under /api/v1, behind
// authentication, with Idempotency-Key and If-Match handling.
type CommandAPI struct {
	group        *gin.RouterGroup
	idem         *Idempotency
	metrics      *Metrics
	maxBodyBytes int64
}

// CommandConfig configures NewCommandAPI.
type CommandConfig struct {
	Auth         Authenticator // required
	Idempotency  *Idempotency  // required
	Metrics      *Metrics      // optional
	MaxBodyBytes int64         // 0 means DefaultMaxBodyBytes
}

// BasePath is the prefix of every versioned API route.
const BasePath = "/api/v1"

const commandIDKey = "parley.command_id"

// Validate reports every missing dependency.
func (c CommandConfig) Validate() error {
	var errs []error
	if c.Auth == nil {
		errs = append(errs, errors.New("api: CommandConfig.Auth is required"))
	}
	if c.Idempotency == nil {
		errs = append(errs, errors.New("api: CommandConfig.Idempotency is required"))
	}
	return errors.Join(errs...)
}

// NewCommandAPI serves the OpenAPI document and GET /api/v1/whoami on engine
// and returns the registrar for command routes.
func NewCommandAPI(engine *gin.Engine, cfg CommandConfig) (*CommandAPI, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	engine.GET(BasePath+"/openapi.yaml", serveOpenAPI)
	group := engine.Group(BasePath, RequireAuth(cfg.Auth))
	group.GET("/whoami", whoami)
	return &CommandAPI{group: group, idem: cfg.Idempotency, metrics: cfg.Metrics, maxBodyBytes: cfg.MaxBodyBytes}, nil
}

// Handle registers a command endpoint at BasePath+path (gin syntax, e.g.
// "/conversations/:id/close"). op names the command in logs and metrics.
func (s *CommandAPI) Handle(method, path, op string, fn CommandFunc) {
	s.group.Handle(method, path, func(c *gin.Context) { s.serve(c, op, fn) })
}

// HandleJSON registers a command endpoint whose body is decoded strictly
// into a T before fn runs.
func HandleJSON[T any](s *CommandAPI, method, path, op string, fn func(c *gin.Context, p Principal, body T, ifMatch *uint64) (CommandResult, error)) {
	s.Handle(method, path, op, func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
		var body T
		if err := DecodeJSON(c, &body); err != nil {
			return CommandResult{}, err
		}
		return fn(c, p, body, ifMatch)
	})
}

// CommandID is the id of the command a request carries: derived from the
// account and Idempotency-Key when there is one (so a retry appends no
// events twice), random otherwise.
func CommandID(c *gin.Context) string { return c.GetString(commandIDKey) }

var commandIDNamespace = uuid.MustParse("0b4c1d52-7a8e-4f36-9d0e-5e3f2a61c7b4")

func (s *CommandAPI) serve(c *gin.Context, op string, fn CommandFunc) {
	c.Set(opKey, op)
	p, _ := PrincipalFrom(c) // RequireAuth guards the group
	c.Set(maxBodyKey, s.maxBodyBytes)
	ifMatchHeader := c.GetHeader("If-Match")
	ifMatch, err := ParseIfMatch(ifMatchHeader)
	if err != nil {
		s.finish(c, op, "", respond(c, CommandResult{}, err))
		return
	}
	key, hasKey := c.Request.Header["Idempotency-Key"]
	if !hasKey {
		c.Set(commandIDKey, uuid.NewString())
		res, err := fn(c, p, ifMatch)
		s.finish(c, op, "", respond(c, res, err))
		return
	}
	if err := checkIdempotencyKey(key); err != nil {
		s.finish(c, op, "", respond(c, CommandResult{}, err))
		return
	}
	s.serveIdempotent(c, op, fn, p, key[0], ifMatchHeader, ifMatch)
}

func (s *CommandAPI) serveIdempotent(c *gin.Context, op string, fn CommandFunc, p Principal, key, ifMatchHeader string, ifMatch *uint64) {
	body, err := readBody(c, s.maxBodyBytes)
	if err != nil {
		s.finish(c, op, "", respond(c, CommandResult{}, err))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	ctx := c.Request.Context()
	cl, err := s.idem.Claim(ctx, p.AccountID, key, requestHash(c.Request.Method, c.Request.URL.Path, ifMatchHeader, body))
	switch {
	case err != nil:
		s.finish(c, op, "", respond(c, CommandResult{}, err))
		return
	case cl.conflict != nil:
		s.finish(c, op, "", respond(c, CommandResult{}, cl.conflict))
		return
	case cl.replay != nil:
		c.Header("Idempotent-Replayed", "true")
		s.finish(c, op, "replayed", *cl.replay)
		return
	}
	c.Set(commandIDKey, uuid.NewSHA1(commandIDNamespace, []byte(p.AccountID+"\x00"+key)).String())
	res, err := fn(c, p, ifMatch)
	resp := respond(c, res, err)
	// Store or release even if the client has gone: the outcome must stick.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if storable(resp.Status, err) {
		err = s.idem.Complete(bg, p.AccountID, key, cl.owner, resp)
	} else {
		err = s.idem.Release(bg, p.AccountID, key, cl.owner)
	}
	if err != nil {
		loggerOf(c).ErrorContext(ctx, "idempotency key not updated", slog.String("request_id", RequestID(c)), slog.String("error", err.Error()))
	}
	s.finish(c, op, "", resp)
}

// storable says whether a response is kept for replay: the command's outcome
// is, unless a retry could go differently (409, 5xx) or the command never
// ran because the request itself was malformed.
func storable(status int, err error) bool {
	var re *RequestError
	return status < http.StatusInternalServerError && status != http.StatusConflict && !errors.As(err, &re)
}

// respond turns a command's result or error into the response to send and,
// if asked, to store.
func respond(c *gin.Context, res CommandResult, err error) storedResponse {
	if err != nil {
		p := ProblemFor(err)
		logProblem(c, p, err)
		p.RequestID = RequestID(c)
		body, _ := json.Marshal(p) // a Problem always marshals
		h := map[string]string{"Content-Type": ProblemContentType}
		if p.retryAfter > 0 {
			h["Retry-After"] = strconv.Itoa(p.retryAfter)
		}
		return storedResponse{Status: p.Status, Header: h, Body: body}
	}
	body, _ := json.Marshal(res) // a CommandResult always marshals
	return storedResponse{Status: http.StatusAccepted, Body: body, Header: map[string]string{
		"Content-Type": "application/json; charset=utf-8",
		"ETag":         ETag(res.Revision),
	}}
}

// finish writes resp and counts the command; result "" is derived from the
// status.
func (s *CommandAPI) finish(c *gin.Context, op, result string, resp storedResponse) {
	for k, v := range resp.Header {
		if k != "Content-Type" {
			c.Header(k, v)
		}
	}
	c.Data(resp.Status, resp.Header["Content-Type"], resp.Body)
	if result == "" {
		result = outcomeOf(resp.Status)
	}
	s.metrics.command(op, result)
}

func outcomeOf(status int) string {
	switch {
	case status < 300:
		return "accepted"
	case status < 500:
		return "rejected"
	}
	return "failed"
}
