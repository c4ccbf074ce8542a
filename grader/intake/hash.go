package intake

// ContentHash is [Submission.SHA256] of files sorted by name: what a
// queue worker checks a submission it fetched against.
func ContentHash(files []File) string { return contentHash(files) }
