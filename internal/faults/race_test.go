//go:build race

package faults_test

// defaultConversations is smaller under the race detector, which slows the
// projectors several times over; CI runs the suite with -race.
const defaultConversations = 300
