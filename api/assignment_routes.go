package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain/assignment"
)

// AssignmentConfigs runs and reads an account's assignment configuration
// (projections/assigner.Configs implements it).
type AssignmentConfigs interface {
	Run(ctx context.Context, cmd assignment.Command, meta command.Meta) (command.Result, error)
	State(ctx context.Context, accountID string) (assignment.State, int64, error)
}

// assignmentView is GET /admin/assignment.
type assignmentView struct {
	Policies []assignment.Policy `json:"policies"`
	Rules    []assignment.Rule   `json:"rules"`
	Settings assignment.Settings `json:"settings"`
	Revision *int64              `json:"revision"` // of the configuration stream; null before the first change
}

// ruleBody is PUT /admin/assignment/rules/:id: the rule and, optionally,
// its 0-based place in the evaluation order.
type ruleBody struct {
	assignment.Rule
	Position *int `json:"position,omitempty"`
}

// RegisterAssignmentRoutes mounts the assignment configuration API under
// /api/v1/admin/assignment (policies per inbox, rules in order, settings);
// every route needs the admin permission, and the account is the caller's.
func RegisterAssignmentRoutes(s *CommandAPI, configs AssignmentConfigs) {
	s.group.GET("/admin/assignment", func(c *gin.Context) {
		c.Set(opKey, "admin.get_assignment")
		p, _ := PrincipalFrom(c)
		if err := requireAdmin(p); err != nil {
			WriteError(c, err)
			return
		}
		st, rev, err := configs.State(c.Request.Context(), p.AccountID)
		if err != nil {
			WriteError(c, err)
			return
		}
		v := assignmentView{Policies: st.PolicyList(), Rules: st.Rules, Settings: st.Settings}
		if v.Rules == nil {
			v.Rules = []assignment.Rule{}
		}
		if rev >= 0 {
			v.Revision = &rev
		}
		c.JSON(http.StatusOK, v)
	})
	run := func(c *gin.Context, p Principal, cmd assignment.Command, ifMatch *uint64) (CommandResult, error) {
		if err := requireAdmin(p); err != nil {
			return CommandResult{}, err
		}
		res, err := configs.Run(c.Request.Context(), cmd, metaOf(c, p, ifMatch))
		return CommandResult(res), err
	}
	HandleJSON(s, "PUT", "/admin/assignment/policies/:id", assignment.SetPolicy{}.CommandType(),
		func(c *gin.Context, p Principal, body assignment.Policy, ifMatch *uint64) (CommandResult, error) {
			body.ID = c.Param("id")
			return run(c, p, assignment.SetPolicy{Policy: body}, ifMatch)
		})
	s.Handle("DELETE", "/admin/assignment/policies/:id", assignment.RemovePolicy{}.CommandType(),
		func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
			return run(c, p, assignment.RemovePolicy{PolicyID: c.Param("id")}, ifMatch)
		})
	HandleJSON(s, "PUT", "/admin/assignment/rules/:id", assignment.SetRule{}.CommandType(),
		func(c *gin.Context, p Principal, body ruleBody, ifMatch *uint64) (CommandResult, error) {
			body.Rule.ID = c.Param("id")
			return run(c, p, assignment.SetRule{Rule: body.Rule, Position: body.Position}, ifMatch)
		})
	s.Handle("DELETE", "/admin/assignment/rules/:id", assignment.RemoveRule{}.CommandType(),
		func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
			return run(c, p, assignment.RemoveRule{RuleID: c.Param("id")}, ifMatch)
		})
	HandleJSON(s, "PUT", "/admin/assignment/rule-order", assignment.ReorderRules{}.CommandType(),
		func(c *gin.Context, p Principal, body assignment.ReorderRules, ifMatch *uint64) (CommandResult, error) {
			return run(c, p, body, ifMatch)
		})
	HandleJSON(s, "PUT", "/admin/assignment/settings", assignment.ChangeSettings{}.CommandType(),
		func(c *gin.Context, p Principal, body assignment.Settings, ifMatch *uint64) (CommandResult, error) {
			return run(c, p, assignment.ChangeSettings{Settings: body}, ifMatch)
		})
}
