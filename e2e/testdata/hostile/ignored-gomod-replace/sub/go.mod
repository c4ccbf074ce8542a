module ratelimiter

go 1.26

require go.uber.org/goleak v1.3.0

replace go.uber.org/goleak => ./fake
