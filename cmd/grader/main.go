// Command grader grades candidates' Go code against hidden spec suites.
// Run 'grader --help' for the commands.
package main

import (
	"os"

	"github.com/hiringtools/grader/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], cli.System())) }
