//go:build race

package contract

// raceEnabled: the race detector slows appends several times over.
const raceEnabled = true
