package grader

// EventKind is the step of a grading an [Event] is about.
type EventKind string

// The kinds of event, in the order a grading goes through them:
//
//   - intake start, then ok (Grade only);
//   - policy ok, or fail (Message: the first violation);
//   - api ok (Message names missing API, if any), or fail when the
//     submission does not compile (Message: the first type error);
//   - reference start and ok, only when the grading builds the exercise's
//     reference (the first grading of an exercise on a machine);
//   - build start, then ok or fail (Message: the compiler's output about
//     the candidate's files); ok comes when the binary of the first
//     suites is ready (plain for correctness), while the -race build may
//     still run;
//   - each suite: suite start, a test event (pass or fail) for each of
//     its tests (tests that need missing API first; a test whose verdict
//     a later run changes, a race caught on a rerun, gets a second), and
//     an event that ends it (Score and Max set): pass, fail, withheld
//     (the correctness gate) or skipped (not selected); a suite that
//     could not run (a policy breach, a build failure) ends in fail
//     without starting;
//   - done (Status pass or fail against the threshold; Score and Max set).
//
// A grading that ends in done has had exactly one ending event per suite,
// with one exception: when the -race build fails after the correctness
// suite ran on the plain binary, a build fail event follows, and then
// every suite ends in fail, correctness a second time (the scorecard is
// that of a build failure).
// When [Engine.Grade], [Engine.GradeSubmission] or [Engine.GradeFiles]
// return an error (bad input, a failure of the grader, a cancelled
// context), the grading's last event is one error event instead of done.
// Race and leak run at once, so their events interleave.
const (
	KindIntake    EventKind = "intake"    // reading the submission
	KindPolicy    EventKind = "policy"    // the import and language rules
	KindAPI       EventKind = "api"       // type-checking and comparing the API
	KindReference EventKind = "reference" // building the reference (first grading of an exercise)
	KindBuild     EventKind = "build"     // building the candidate's test binaries
	KindSuite     EventKind = "suite"     // a suite started or ended (Suite is set)
	KindTest      EventKind = "test"      // a test's verdict (Suite and Test are set)
	KindDone      EventKind = "done"      // the scorecard is complete (Score is set)
	KindError     EventKind = "error"     // the grading failed (Message says why)
)

// EventStatus is how a step went, or that it started.
type EventStatus string

// The statuses of an event.
const (
	StatusStart    EventStatus = "start"    // the step began
	StatusOK       EventStatus = "ok"       // the step succeeded
	StatusFail     EventStatus = "fail"     // the step failed (a build error, a failed test or suite)
	StatusPass     EventStatus = "pass"     // a test or suite passed
	StatusSkipped  EventStatus = "skipped"  // a suite not selected
	StatusWithheld EventStatus = "withheld" // a suite withheld by the correctness gate
	StatusError    EventStatus = "error"    // the grader itself failed
)

// Event is a step of a grading, for progress displays, watch screens and
// queue workers.
type Event struct {
	Kind    EventKind
	Status  EventStatus
	Suite   string  // for KindSuite and KindTest
	Test    string  // for KindTest
	Message string  // a test's failure message, a build's or an error's summary
	Score   float64 // for a suite's end and KindDone: the points earned
	Max     float64 // the most Score could be: the suite's weight, or 100
}

// Handler receives a grading's events. Calls may come from several
// goroutines at once.
type Handler interface{ Event(Event) }

// HandlerFunc adapts a function to a [Handler].
type HandlerFunc func(Event)

// Event calls f(ev).
func (f HandlerFunc) Event(ev Event) { f(ev) }
