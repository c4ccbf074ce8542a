package specdeps

// The modules exercises let candidates import (imports.modules) are used
// by no package of the grader, only vendored from the module cache by
// gen.go; this import keeps them required in go.mod, at the version the
// binary carries, through 'go mod tidy'.
import _ "github.com/golang-jwt/jwt/v5"
