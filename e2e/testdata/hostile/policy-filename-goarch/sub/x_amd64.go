package ratelimiter

const onAMD64 = true
