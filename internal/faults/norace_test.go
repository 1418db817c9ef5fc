//go:build !race

package faults_test

// defaultConversations is the size of the generated log (-race: race_test.go).
const defaultConversations = 1000
