package queue

import (
	"errors"
	"testing"
)

// A server on every interface prints a URL a client can dial: its
// machine's host name, not 0.0.0.0.
func TestDialable(t *testing.T) {
	host := func() (string, error) { return "queue1", nil }
	noHost := func() (string, error) { return "", errors.New("no host name") }
	for _, tc := range []struct {
		url      string
		hostname func() (string, error)
		want     string
	}{
		{"nats://127.0.0.1:4222", host, "nats://127.0.0.1:4222"},
		{"nats://0.0.0.0:4222", host, "nats://queue1:4222"},
		{"tls://0.0.0.0:4222", host, "tls://queue1:4222"},
		{"nats://[::]:4222", host, "nats://queue1:4222"},
		{"nats://queue.internal:4222", host, "nats://queue.internal:4222"},
		{"nats://0.0.0.0:4222", noHost, "nats://0.0.0.0:4222"},
	} {
		if got := dialable(tc.url, tc.hostname); got != tc.want {
			t.Errorf("dialable(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
