package faults

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Row is one line of the summary: a fault, the events it ran over, how many
// times it was injected, and what the comparison with the oracle found.
type Row struct {
	Fault  string
	Events int
	Runs   int
	Result string
	Took   time.Duration
}

// Report collects the rows of a suite run; safe for concurrent use.
type Report struct {
	mu   sync.Mutex
	rows []Row
}

// Add appends a row.
func (r *Report) Add(row Row) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rows = append(r.rows, row)
}

// Table renders the rows as a Markdown table for docs/reliability.md.
func (r *Report) Table() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	b.WriteString("| fault | events | runs | result | took |\n|---|---:|---:|---|---:|\n")
	for _, row := range r.rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %s |\n", row.Fault, row.Events, row.Runs, row.Result, row.Took.Round(100*time.Millisecond))
	}
	return b.String()
}
