package urlshortener_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"urlshortener"

	"go.uber.org/goleak"
)

// The leak tests start no goroutine of their own that outlives them:
// after the calls, and after the loopback server and the client's idle
// connections are closed, any goroutine left is the submission's.

// TestLeak_StoreAndHandler checks that no goroutine is left behind after
// calls to the store and requests to the handler.
func TestLeak_StoreAndHandler(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := urlshortener.NewStore()
	h := urlshortener.NewHandler(s)
	for i := range 20 {
		code := s.Save(fmt.Sprintf("https://example.com/%d", i))
		s.Lookup(code)
		_, _, code = shorten(t, h, fmt.Sprintf(`{"url": "https://example.com/p/%d"}`, i))
		follow(h, code)
	}
}

// TestLeak_LoopbackServer checks that no goroutine is left behind after
// requests through a real server on the loopback interface.
//
// The sandbox has no network other than the loopback interface.
func TestLeak_LoopbackServer(t *testing.T) {
	defer goleak.VerifyNone(t)
	srv := httptest.NewServer(urlshortener.NewHandler(urlshortener.NewStore()))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := range 5 {
		resp, err := client.Post(srv.URL+"/shorten", "application/json", strings.NewReader(fmt.Sprintf(`{"url": "https://example.com/%d"}`, i)))
		if err != nil {
			t.Fatal(err)
		}
		var body strings.Builder
		_, _ = fmt.Fprint(&body, resp.Header.Get("Content-Type"))
		resp.Body.Close()
		resp, err = client.Get(srv.URL + "/no-such-code")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	client.CloseIdleConnections()
	srv.Close()
}
