package authz

// Columns names the columns of a conversation list query that visibility
// depends on. Participants, if set, is a text[] column of agent ids;
// without it the participating scope sees only assigned conversations.
type Columns struct {
	AccountID, InboxID, AssigneeID, Participants string
}

// SQLFilter returns a boolean SQL condition limiting a conversation query
// to what s may see, to AND into the query's WHERE. arg appends a value to
// the query's arguments and returns its placeholder ("$3"), so no value is
// ever spliced into the SQL; column names come from the caller's code.
// A subject that may see nothing gets "false".
//
//	cond := authz.SQLFilter(s, authz.Columns{AccountID: "c.account_id", InboxID: "c.inbox_id", AssigneeID: "c.assignee_id"}, q.arg)
func SQLFilter(s Subject, cols Columns, arg func(any) string) string {
	noInboxes := !s.Can(AllInboxes) && len(s.Access.Inboxes) == 0
	if s.AccountID == "" || !s.Access.Scope.Valid() || noInboxes || (s.Access.Scope == ScopeParticipating && s.UserID == "") {
		return "false" // decided before any argument is added: no unused placeholders
	}
	cond := cols.AccountID + " = " + arg(s.AccountID)
	if !s.Can(AllInboxes) {
		cond += " AND " + cols.InboxID + " = ANY(" + arg(s.Access.Inboxes) + "::text[])"
	}
	switch s.Access.Scope {
	case ScopeUnassignedAndOwn:
		if s.UserID == "" {
			return cond + " AND " + cols.AssigneeID + " = ''"
		}
		return cond + " AND " + cols.AssigneeID + " IN ('', " + arg(s.UserID) + ")"
	case ScopeParticipating:
		me := arg(s.UserID)
		if cols.Participants == "" {
			return cond + " AND " + cols.AssigneeID + " = " + me
		}
		return cond + " AND (" + cols.AssigneeID + " = " + me + " OR " + me + " = ANY(" + cols.Participants + "))"
	}
	return cond
}
