module ratelimiter

go 1.99.0

toolchain go1.99.0
