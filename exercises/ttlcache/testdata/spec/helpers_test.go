package ttlcache_test

import (
	"fmt"
	"time"

	"ttlcache"
)

// The correctness tests run on virtual time, starting when the cache is
// created. Every instant at which a test looks at the cache is kept off whole
// seconds after the cache was created and off every entry's expiry instant,
// so that nothing is ever observed at an exact boundary and the test's own
// goroutine never wakes at the same virtual instant as a janitor that ticks
// every second.

// lookup is the result of one Get.
type lookup struct {
	Value interface{}
	OK    bool
}

func get(c *ttlcache.Cache, key string) lookup {
	v, ok := c.Get(key)
	return lookup{Value: v, OK: ok}
}

func hit(v interface{}) lookup { return lookup{Value: v, OK: true} }

var miss = lookup{}

// sleepUntil sleeps until d after start.
func sleepUntil(start time.Time, d time.Duration) {
	time.Sleep(time.Until(start.Add(d)))
}

// callSafely runs f and turns a panic into an error.
func callSafely(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	f()
	return nil
}

// closeCache is the clean-up of a test that does not test Close: it calls
// c's Close method when the submission has one. Through the interface, the
// test does not need Close, so a submission without Close still gets the
// test's points (the tests of Close name it and are removed instead).
func closeCache(c any) {
	if c, ok := c.(interface{ Close() }); ok {
		c.Close()
	}
}
