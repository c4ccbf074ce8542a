package ttlcache_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
	"weak"

	"github.com/google/go-cmp/cmp"

	"ttlcache"
	"ttlcache/internal/gradertest"
)

// TestCorrectness_SetGet checks that Get returns what Set stored, and
// reports a miss for a key never set.
func TestCorrectness_SetGet(t *testing.T) {
	type point struct{ X, Y int }
	values := map[string]interface{}{
		"int":     42,
		"string":  "hello",
		"struct":  point{1, 2},
		"pointer": &point{3, 4},
		"slice":   []int{5, 6, 7},
		"nil":     nil,
	}
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		for k, v := range values {
			c.Set(k, v, time.Hour)
		}
		for k, want := range values {
			if diff := cmp.Diff(hit(want), get(c, k)); diff != "" {
				t.Errorf("after Set(%q, %#v, time.Hour): Get(%q) mismatch (-want +got):\n%s", k, want, k, diff)
			}
		}
		if diff := cmp.Diff(miss, get(c, "absent")); diff != "" {
			t.Errorf("Get of a key never set mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_SetOverwrites checks that a Set on an existing key
// replaces its value.
func TestCorrectness_SetOverwrites(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		c.Set("k", "first", time.Hour)
		c.Set("k", "second", time.Hour)
		c.Set("other", "x", time.Hour)
		if diff := cmp.Diff(hit("second"), get(c, "k")); diff != "" {
			t.Errorf("Get after overwriting a key mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(hit("x"), get(c, "other")); diff != "" {
			t.Errorf("Get of another key after overwriting a key mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_LenCountsDistinctKeys checks that Len counts every key
// stored once, whatever its value (nil included) and however often it was
// set.
func TestCorrectness_LenCountsDistinctKeys(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		if got := c.Len(); got != 0 {
			t.Errorf("Len() of a new cache = %d, want 0", got)
		}
		keys := []string{"int", "string", "nil", "slice"}
		values := []interface{}{42, "hello", nil, []int{5, 6, 7}}
		for i, k := range keys {
			c.Set(k, values[i], time.Hour)
		}
		if got, want := c.Len(), len(keys); got != want {
			t.Errorf("Len() = %d after %d Sets of distinct keys (one value nil), want %d", got, want, want)
		}
		c.Set("k", "first", time.Hour)
		c.Set("k", "second", time.Hour)
		c.Set("nil", "not nil any more", 0)
		if got, want := c.Len(), len(keys)+1; got != want {
			t.Errorf("Len() = %d after overwriting 2 keys (one set twice), want %d: a key is counted once", got, want)
		}
	})
}

// TestCorrectness_ExpiresAfterTTL checks that an entry is there before its
// ttl has passed and gone after.
func TestCorrectness_ExpiresAfterTTL(t *testing.T) {
	tests := []struct {
		ttl           time.Duration
		before, after time.Duration // instants to look, after the Set
	}{
		{ttl: 100 * time.Millisecond, before: 50 * time.Millisecond, after: 150 * time.Millisecond},
		{ttl: time.Second, before: 900 * time.Millisecond, after: 1100 * time.Millisecond},
		{ttl: 2500 * time.Millisecond, before: 2300 * time.Millisecond, after: 2700 * time.Millisecond},
		{ttl: time.Hour, before: time.Hour - 500*time.Millisecond, after: time.Hour + 500*time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint("ttl=", tc.ttl), func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				c := ttlcache.NewCache()
				defer closeCache(c)
				start := time.Now()
				c.Set("k", "v", tc.ttl)
				sleepUntil(start, tc.before)
				if diff := cmp.Diff(hit("v"), get(c, "k")); diff != "" {
					t.Errorf("Get %v after Set with ttl %v (not expired yet) mismatch (-want +got):\n%s", tc.before, tc.ttl, diff)
				}
				sleepUntil(start, tc.after)
				if diff := cmp.Diff(miss, get(c, "k")); diff != "" {
					t.Errorf("Get %v after Set with ttl %v (expired) mismatch (-want +got):\n%s", tc.after, tc.ttl, diff)
				}
			})
		})
	}
}

// TestCorrectness_SetRestartsTTL checks that setting a key again starts its
// ttl over.
func TestCorrectness_SetRestartsTTL(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		c.Set("k", "first", time.Second)
		sleepUntil(start, 700*time.Millisecond)
		c.Set("k", "second", time.Second) // expires 1.7s after start
		sleepUntil(start, 1300*time.Millisecond)
		if diff := cmp.Diff(hit("second"), get(c, "k")); diff != "" {
			t.Errorf("Set(k, ttl 1s) at 0s, again at 0.7s: Get at 1.3s mismatch (-want +got):\n%s", diff)
		}
		sleepUntil(start, 1800*time.Millisecond)
		if diff := cmp.Diff(miss, get(c, "k")); diff != "" {
			t.Errorf("Set(k, ttl 1s) at 0s, again at 0.7s: Get at 1.8s mismatch (-want +got):\n%s", diff)
		}
	})
}

// overwriteCase is a key set at 0s and set again at 0.2s with another ttl,
// and the instants at which to look whether it is still there.
type overwriteCase struct {
	name          string
	first, second time.Duration // ttl of the Set at 0s, of the Set at 0.2s
	checks        []overwriteCheck
}

type overwriteCheck struct {
	at   time.Duration
	want bool // whether the entry is still there
}

// overwriteCases are the cases of the tests of a Set that replaces an entry
// with another ttl.
func overwriteCases() []overwriteCase {
	return []overwriteCase{
		{
			name:   "expiring to never",
			first:  time.Second,
			second: 0,
			checks: []overwriteCheck{{1500 * time.Millisecond, true}, {10500 * time.Millisecond, true}},
		},
		{
			name:   "never to expiring",
			first:  0,
			second: time.Second,
			checks: []overwriteCheck{{1100 * time.Millisecond, true}, {1300 * time.Millisecond, false}},
		},
		{
			name:   "long to short",
			first:  5 * time.Second,
			second: 500 * time.Millisecond,
			checks: []overwriteCheck{{600 * time.Millisecond, true}, {800 * time.Millisecond, false}, {5500 * time.Millisecond, false}},
		},
		{
			name:   "short to long",
			first:  500 * time.Millisecond,
			second: 5 * time.Second,
			checks: []overwriteCheck{{700 * time.Millisecond, true}, {2500 * time.Millisecond, true}, {5100 * time.Millisecond, true}, {5300 * time.Millisecond, false}},
		},
	}
}

// TestCorrectness_OverwriteChangesTTL checks that an overwrite takes the ttl
// of the last Set.
func TestCorrectness_OverwriteChangesTTL(t *testing.T) {
	for _, tc := range overwriteCases() {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				c := ttlcache.NewCache()
				defer closeCache(c)
				start := time.Now()
				c.Set("k", "first", tc.first)
				sleepUntil(start, 200*time.Millisecond)
				c.Set("k", "second", tc.second)
				for _, ch := range tc.checks {
					sleepUntil(start, ch.at)
					want := miss
					if ch.want {
						want = hit("second")
					}
					if diff := cmp.Diff(want, get(c, "k")); diff != "" {
						t.Errorf("Set(k, ttl %v) at 0s, Set(k, ttl %v) at 0.2s: Get at %v mismatch (-want +got):\n%s", tc.first, tc.second, ch.at, diff)
					}
				}
			})
		})
	}
}

// TestCorrectness_LenAfterOverwrite checks that Len counts an overwritten
// entry by the ttl of the last Set, the cases of OverwriteChangesTTL.
func TestCorrectness_LenAfterOverwrite(t *testing.T) {
	for _, tc := range overwriteCases() {
		t.Run(tc.name, func(t *testing.T) {
			gradertest.Bubble(t, func(t *testing.T) {
				c := ttlcache.NewCache()
				defer closeCache(c)
				start := time.Now()
				c.Set("k", "first", tc.first)
				sleepUntil(start, 200*time.Millisecond)
				c.Set("k", "second", tc.second)
				for _, ch := range tc.checks {
					sleepUntil(start, ch.at)
					want := 0
					if ch.want {
						want = 1
					}
					if got := c.Len(); got != want {
						t.Errorf("Set(k, ttl %v) at 0s, Set(k, ttl %v) at 0.2s: Len() at %v = %d, want %d", tc.first, tc.second, ch.at, got, want)
					}
				}
			})
		})
	}
}

// TestCorrectness_NonPositiveTTLNeverExpires checks that an entry set
// without a positive ttl never expires.
func TestCorrectness_NonPositiveTTLNeverExpires(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		ttls := []time.Duration{0, -time.Nanosecond, -time.Hour}
		for _, ttl := range ttls {
			c.Set(ttl.String(), ttl, ttl)
		}
		for _, at := range []time.Duration{500 * time.Millisecond, 3500 * time.Millisecond, time.Hour + 500*time.Millisecond} {
			sleepUntil(start, at)
			for _, ttl := range ttls {
				if diff := cmp.Diff(hit(ttl), get(c, ttl.String())); diff != "" {
					t.Errorf("Get %v after Set with ttl %v (never expires) mismatch (-want +got):\n%s", at, ttl, diff)
				}
			}
		}
	})
}

// TestCorrectness_Delete checks that Delete removes an entry, and that
// deleting a missing key is harmless.
func TestCorrectness_Delete(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		c.Set("a", 1, time.Hour)
		c.Set("b", 2, 0)
		c.Set("c", 3, time.Hour)
		c.Delete("a")
		c.Delete("b")
		c.Delete("absent") // a no-op
		lookups := func() map[string]lookup {
			return map[string]lookup{"a": get(c, "a"), "b": get(c, "b"), "c": get(c, "c"), "absent": get(c, "absent")}
		}
		want := map[string]lookup{"a": miss, "b": miss, "c": hit(3), "absent": miss}
		if diff := cmp.Diff(want, lookups()); diff != "" {
			t.Errorf("Set a, b, c; Delete a, b and an absent key: Get mismatch (-want +got):\n%s", diff)
		}
		c.Delete("a") // deleting twice is a no-op too
		if diff := cmp.Diff(want, lookups()); diff != "" {
			t.Errorf("deleting a key twice: Get mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestCorrectness_SetAfterDelete checks that a key can be set again after
// its Delete.
func TestCorrectness_SetAfterDelete(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		c.Set("k", "old", time.Second)
		sleepUntil(start, 200*time.Millisecond)
		c.Delete("k")
		c.Set("k", "new", time.Hour)
		c.Set("gone", "x", 500*time.Millisecond)
		c.Delete("gone")
		for _, at := range []time.Duration{1500 * time.Millisecond, 3500 * time.Millisecond} {
			sleepUntil(start, at)
			if diff := cmp.Diff(hit("new"), get(c, "k")); diff != "" {
				t.Errorf("Set(k, ttl 1s), Delete(k), Set(k, ttl 1h): Get %v later mismatch (-want +got):\n%s", at, diff)
			}
			if diff := cmp.Diff(miss, get(c, "gone")); diff != "" {
				t.Errorf("Set(gone, ttl 0.5s), Delete(gone): Get %v later mismatch (-want +got):\n%s", at, diff)
			}
		}
	})
}

// TestCorrectness_LenAfterDelete checks that Len leaves out deleted entries,
// counts a key set again after its Delete, and that deleting a key that is
// not there changes nothing.
func TestCorrectness_LenAfterDelete(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		c.Set("a", 1, time.Hour)
		c.Set("b", 2, 0)
		c.Set("c", 3, time.Hour)
		c.Delete("a")
		c.Delete("b")
		c.Delete("absent") // a no-op
		if got := c.Len(); got != 1 {
			t.Errorf("Set a, b, c; Delete a, b and an absent key: Len() = %d, want 1", got)
		}
		c.Delete("a") // deleting twice is a no-op too
		if got := c.Len(); got != 1 {
			t.Errorf("deleting a key twice: Len() = %d, want 1", got)
		}
		c.Delete("c")
		if got := c.Len(); got != 0 {
			t.Errorf("after deleting every key: Len() = %d, want 0", got)
		}

		c.Set("k", "old", time.Second)
		sleepUntil(start, 200*time.Millisecond)
		c.Delete("k")
		c.Set("k", "new", time.Hour)
		c.Set("gone", "x", 500*time.Millisecond)
		c.Delete("gone")
		c.Set("short", "y", time.Second) // expires at 1.2s
		if got := c.Len(); got != 2 {
			t.Errorf("Set(k, ttl 1s), Delete(k), Set(k, ttl 1h), Set(gone), Delete(gone), Set(short, ttl 1s): Len() = %d, want 2", got)
		}
		for _, at := range []time.Duration{1500 * time.Millisecond, 3500 * time.Millisecond} {
			sleepUntil(start, at)
			if got := c.Len(); got != 1 {
				t.Errorf("Len() %v later = %d, want 1 (only k is left)", at, got)
			}
		}
	})
}

// TestCorrectness_LenCountsUnexpired checks that Len counts the entries that
// have not expired.
func TestCorrectness_LenCountsUnexpired(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		c.Set("never", 0, 0)
		c.Set("0.5s", 1, 500*time.Millisecond)
		c.Set("1.5s", 2, 1500*time.Millisecond)
		c.Set("2.5s", 3, 2500*time.Millisecond)
		c.Set("negative", 4, -time.Second)
		c.Set("-1ns", 5, -time.Nanosecond)
		steps := []struct {
			at   time.Duration
			want int
		}{
			{250 * time.Millisecond, 6},
			{750 * time.Millisecond, 5},
			{1750 * time.Millisecond, 4},
			{2750 * time.Millisecond, 3},
			{4250 * time.Millisecond, 3},
			{time.Hour + 250*time.Millisecond, 3},
		}
		for _, s := range steps {
			sleepUntil(start, s.at)
			if got := c.Len(); got != s.want {
				t.Errorf("Len() %v after setting entries with ttls 0, 0.5s, 1.5s, 2.5s, -1s, -1ns = %d, want %d", s.at, got, s.want)
			}
		}
		c.Set("short", 6, 100*time.Millisecond)
		if got := c.Len(); got != 4 {
			t.Errorf("Len() after one more Set = %d, want 4", got)
		}
		sleepUntil(start, time.Hour+400*time.Millisecond)
		if got := c.Len(); got != 3 {
			t.Errorf("Len() after the entry with ttl 0.1s expired = %d, want 3", got)
		}
	})
}

// TestCorrectness_LenExcludesExpiredAtOnce checks that Len leaves out entries
// as soon as they expire, not only once something has removed them.
func TestCorrectness_LenExcludesExpiredAtOnce(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		for i := range 50 {
			c.Set(fmt.Sprint("short", i), i, 100*time.Millisecond)
		}
		for i := range 3 {
			c.Set(fmt.Sprint("long", i), i, time.Hour)
		}
		sleepUntil(start, 50*time.Millisecond)
		if got := c.Len(); got != 53 {
			t.Errorf("Len() 50ms after setting 50 entries with ttl 100ms and 3 with ttl 1h = %d, want 53", got)
		}
		sleepUntil(start, 150*time.Millisecond)
		if got := c.Len(); got != 3 {
			t.Errorf("Len() 150ms after setting 50 entries with ttl 100ms and 3 with ttl 1h = %d, want 3", got)
		}
	})
}

// manyKeys is the number of keys of ManyKeys and LenManyKeys.
const manyKeys = 1000

// manyKeysTTL is the ttl of key i of ManyKeys and LenManyKeys: assorted,
// one in seven never expires.
func manyKeysTTL(i int) time.Duration {
	if i%7 == 0 {
		return 0 // never expires
	}
	return time.Duration(i%30)*100*time.Millisecond + 150*time.Millisecond
}

// setManyKeys sets the keys of ManyKeys and LenManyKeys in a scrambled
// order, so that expiry order differs from insertion order.
func setManyKeys(c *ttlcache.Cache) {
	for j := range manyKeys {
		i := (j * 613) % manyKeys
		c.Set(fmt.Sprint("key", i), i, manyKeysTTL(i))
	}
}

// manyKeysInstants are the instants, after the Sets, at which ManyKeys and
// LenManyKeys look at the cache.
func manyKeysInstants() []time.Duration {
	var out []time.Duration
	for at := 100 * time.Millisecond; at < 3500*time.Millisecond; at += 400 * time.Millisecond {
		out = append(out, at)
	}
	return out
}

// TestCorrectness_ManyKeys checks many keys with assorted ttls at several
// instants.
//
// TestCorrectness_ManyKeys sets a thousand keys with assorted ttls and
// checks every one of them at several instants.
func TestCorrectness_ManyKeys(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		setManyKeys(c)
		for _, at := range manyKeysInstants() {
			sleepUntil(start, at)
			wrong := 0
			for i := range manyKeys {
				ttl := manyKeysTTL(i)
				want := miss
				if ttl <= 0 || ttl > at {
					want = hit(i)
				}
				key := fmt.Sprint("key", i)
				if diff := cmp.Diff(want, get(c, key)); diff != "" {
					if wrong++; wrong <= 3 {
						t.Errorf("Get(%q) %v after Set with ttl %v mismatch (-want +got):\n%s", key, at, ttl, diff)
					}
				}
			}
			if wrong > 3 {
				t.Errorf("... and %d more wrong Gets %v after the Sets", wrong-3, at)
			}
			if t.Failed() {
				return
			}
		}
	})
}

// TestCorrectness_LenManyKeys sets the keys of ManyKeys and checks Len at
// the same instants.
func TestCorrectness_LenManyKeys(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		setManyKeys(c)
		for _, at := range manyKeysInstants() {
			sleepUntil(start, at)
			want := 0
			for i := range manyKeys {
				if ttl := manyKeysTTL(i); ttl <= 0 || ttl > at {
					want++
				}
			}
			if got := c.Len(); got != want {
				t.Errorf("Len() %v after setting %d keys with assorted ttls = %d, want %d", at, manyKeys, got, want)
			}
		}
	})
}

// TestCorrectness_ExpiredEntriesAreFreed checks that the cache lets go of
// expired entries soon after they expire, even when nobody calls it again.
//
// TestCorrectness_ExpiredEntriesAreFreed checks that the cache lets go of an
// expired entry within two seconds of its expiry, although nobody calls the
// cache again: a cache that holds on to expired values leaks memory.
func TestCorrectness_ExpiredEntriesAreFreed(t *testing.T) {
	// payload is large enough not to share a tiny-allocator block with other
	// values, so that it is freed as soon as it is unreachable.
	type payload struct {
		key  string
		data [64]byte
	}
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()

		type tracked struct {
			key string
			ttl time.Duration
			wp  weak.Pointer[payload]
		}
		var expiring []tracked
		track := func(key string, ttl time.Duration) {
			p := &payload{key: key}
			expiring = append(expiring, tracked{key, ttl, weak.Make(p)})
			c.Set(key, p, ttl)
		}
		for i := range 10 {
			track(fmt.Sprint("short", i), time.Duration(i+1)*100*time.Millisecond)
		}
		// An entry overwritten with a shorter ttl.
		c.Set("overwritten", &payload{key: "overwritten"}, time.Hour)
		track("overwritten", 300*time.Millisecond)

		// Entries that must stay.
		forever, long := &payload{key: "forever"}, &payload{key: "long"}
		c.Set("forever", forever, 0)
		c.Set("long", long, time.Hour)

		// The last expiry is at 1s: by 3s everything expired must be gone.
		sleepUntil(start, 3250*time.Millisecond)
		runtime.GC()
		var held []string
		for _, e := range expiring {
			if e.wp.Value() != nil {
				held = append(held, fmt.Sprintf("%s (ttl %v)", e.key, e.ttl))
			}
		}
		if len(held) > 0 {
			t.Errorf("3.25s after the Sets, and with no call to the cache since, it still holds the values of %d expired entries: %s; an expired entry must be freed within 2s of its expiry, even if nobody reads it again",
				len(held), strings.Join(held, ", "))
		}
		for key, p := range map[string]*payload{"forever": forever, "long": long} {
			v, ok := c.Get(key)
			if got, _ := v.(*payload); !ok || got != p {
				t.Errorf("Get(%q) 3.25s after Set = %v, %v; want the pointer stored, true", key, v, ok)
			}
		}
	})
}

// TestCorrectness_CloseTwice checks that calling Close twice is harmless.
func TestCorrectness_CloseTwice(t *testing.T) {
	gradertest.Bubble(t, func(t *testing.T) {
		c := ttlcache.NewCache()
		c.Set("k", "v", time.Second)
		if diff := cmp.Diff(hit("v"), get(c, "k")); diff != "" {
			t.Errorf("Get after Set mismatch (-want +got):\n%s", diff)
		}
		if err := callSafely(c.Close); err != nil {
			t.Fatalf("first Close: %v", err)
		}
		if err := callSafely(c.Close); err != nil {
			t.Errorf("second Close: %v; Close may be called more than once", err)
		}
	})
}

// TestCorrectness_RandomOperations runs a random sequence of operations and
// checks every result against a simple model of the cache.
func TestCorrectness_RandomOperations(t *testing.T) {
	seed := gradertest.Seed(t)
	gradertest.Bubble(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(uint64(seed), 0x77c))
		c := ttlcache.NewCache()
		defer closeCache(c)
		start := time.Now()
		// Operations happen 30ms past a multiple of 100ms; every positive
		// ttl is 50ms past a multiple of 100ms: nothing is ever looked at
		// at the instant it expires.
		time.Sleep(30 * time.Millisecond)

		type modelEntry struct {
			value   int
			expires time.Time // zero: never
		}
		model := map[string]modelEntry{}
		live := func(e modelEntry, now time.Time) bool { return e.expires.IsZero() || now.Before(e.expires) }
		keys := []string{"a", "b", "c", "d", "e", "f"}
		ttls := []time.Duration{0, -time.Second, 50 * time.Millisecond, 150 * time.Millisecond, 450 * time.Millisecond, 950 * time.Millisecond, 2050 * time.Millisecond}
		var history []string
		fail := func(format string, args ...any) {
			t.Helper()
			from := max(0, len(history)-12)
			t.Fatalf("%s\nthe last operations, at virtual time since the cache was created:\n  %s",
				fmt.Sprintf(format, args...), strings.Join(history[from:], "\n  "))
		}
		for i := range 400 {
			now := time.Now()
			stamp := now.Sub(start)
			key := keys[rng.IntN(len(keys))]
			switch r := rng.IntN(100); {
			case r < 30:
				ttl := ttls[rng.IntN(len(ttls))]
				c.Set(key, i, ttl)
				e := modelEntry{value: i}
				if ttl > 0 {
					e.expires = now.Add(ttl)
				}
				model[key] = e
				history = append(history, fmt.Sprintf("%v: Set(%q, %d, %v)", stamp, key, i, ttl))
			case r < 60:
				want := miss
				if e, ok := model[key]; ok && live(e, now) {
					want = hit(e.value)
				}
				got := get(c, key)
				history = append(history, fmt.Sprintf("%v: Get(%q) = %v, %v", stamp, key, got.Value, got.OK))
				if diff := cmp.Diff(want, got); diff != "" {
					fail("Get(%q) mismatch (-want +got):\n%s", key, diff)
				}
			case r < 70:
				c.Delete(key)
				delete(model, key)
				history = append(history, fmt.Sprintf("%v: Delete(%q)", stamp, key))
			case r < 80:
				want := 0
				for _, e := range model {
					if live(e, now) {
						want++
					}
				}
				got := c.Len()
				history = append(history, fmt.Sprintf("%v: Len() = %d", stamp, got))
				if got != want {
					fail("Len() = %d, want %d", got, want)
				}
			default:
				d := time.Duration(1+rng.IntN(8)) * 100 * time.Millisecond
				time.Sleep(d)
				history = append(history, fmt.Sprintf("%v: (%v pass)", stamp, d))
			}
		}
	})
}
