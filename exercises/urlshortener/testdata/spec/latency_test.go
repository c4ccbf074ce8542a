package urlshortener_test

import (
	"fmt"
	"sync"
	"testing"

	"urlshortener"
)

// benchStore is the store of BenchmarkLatency_Lookup and its codes: 100,000
// URLs, saved once per process.
var benchStore = sync.OnceValues(func() (*urlshortener.Store, []string) {
	s := urlshortener.NewStore()
	codes := make([]string, 100_000)
	for i := range codes {
		codes[i] = s.Save(fmt.Sprintf("https://example.com/item/%d", i))
	}
	return s, codes
})

// BenchmarkLatency_Lookup measures Lookup in a large store, from every P at
// once.
//
// The store holds 100,000 URLs. A map takes tens of nanoseconds a lookup,
// under a mutex or sharded; a store that looks through its URLs one by
// one takes tens of microseconds, a thousand times more.
func BenchmarkLatency_Lookup(b *testing.B) {
	s, codes := benchStore()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			s.Lookup(codes[i%len(codes)])
			i += 7919
		}
	})
}
