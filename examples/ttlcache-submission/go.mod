module ttlcache

go 1.26
