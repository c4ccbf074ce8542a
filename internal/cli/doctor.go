package cli

import (
	"fmt"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hiringtools/grader/grader/sandbox"
)

type doctorOptions struct{ warm bool }

func newDoctorCmd(s Streams, g *globalOptions) *cobra.Command {
	opts := &doctorOptions{}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check what grading needs: Go, the race detector, bubblewrap, cgroups, the build cache",
		Long: `doctor checks what grading needs, says what to install when something is missing,
and removes what gradings killed before they could clean up left behind (scratch
directories and cgroups of grader processes that are gone).`,
		Example: `  grader doctor
  grader doctor --warm     # pay for the reference builds now`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runDoctor(cmd, s, g, opts) },
	}
	cmd.Flags().BoolVar(&opts.warm, "warm", false, "build every exercise's reference, plain and with -race, so the first grading does not pay for the standard library's race build")
	return cmd
}

func runDoctor(cmd *cobra.Command, s Streams, g *globalOptions, opts *doctorOptions) error {
	bad := 0
	report := func(ok bool, name, detail, fix string) {
		m := "ok  "
		if !ok {
			m, bad = "FAIL", bad+1
		}
		fmt.Fprintf(s.Out, "%s %-14s %s\n", m, name, detail)
		if !ok && fix != "" {
			fmt.Fprintf(s.Out, "     %14s fix: %s\n", "", fix)
		}
	}
	for _, c := range sandbox.Probe() {
		report(c.OK, c.Name, c.Detail, c.Fix)
	}
	e, sb, err := g.engine(s)
	if err != nil {
		report(false, "engine", err.Error(), "")
		return exitError{ExitGraderError}
	}
	switch {
	case g.leftoverErr != nil:
		report(false, "leftovers", fmt.Sprintf("removing what killed gradings left: %v", g.leftoverErr), "remove those paths or cgroups by hand")
	case len(g.leftovers) > 0:
		report(true, "leftovers", fmt.Sprintf("removed %d scratch directories and cgroups of killed gradings: %s", len(g.leftovers), strings.Join(g.leftovers, ", ")), "")
	default:
		report(true, "leftovers", "none: no scratch directory or cgroup of a killed grading", "")
	}
	cc, _ := exec.Command("go", "env", "CC").Output()
	ccPath, ccErr := exec.LookPath(strings.TrimSpace(string(cc)))
	report(ccErr == nil, "race detector", "-race needs cgo and a C compiler: "+ccPath,
		"install a C compiler ('apt-get install gcc'); the race suite cannot be built without one")
	cache, _ := g.resolveCache(s)
	cat, err := loadCatalog(s)
	if err != nil {
		return err
	}
	warm := 0
	for _, ex := range cat.List() {
		if e.Warmed(ex) {
			warm++
		}
	}
	report(true, "build cache", fmt.Sprintf("%s; %d of %d exercises warmed", cache, warm, len(cat.List())), "")
	if warm < len(cat.List()) && !opts.warm {
		fmt.Fprintf(s.Out, "     %14s the first grading of each cold exercise builds its reference (and the standard library for -race once); 'grader doctor --warm' does it now\n", "")
	}
	fmt.Fprintf(s.Out, "     %14s isolation in force: %s\n", "", sb.Level())
	for _, w := range sb.Warnings() {
		fmt.Fprintf(s.Out, "     %14s warning: %s\n", "", w)
	}
	if opts.warm {
		for _, ex := range cat.List() {
			fmt.Fprintf(s.Err, "warming the build cache: %s (plain and -race)\n", ex.Slug)
			if err := e.Warm(cmd.Context(), ex); err != nil {
				report(false, "warm "+ex.Slug, err.Error(), "")
				continue
			}
		}
		report(true, "race build", "the standard library's race build is in the cache", "")
	}
	if bad > 0 {
		return exitError{ExitGraderError}
	}
	return nil
}
