package grader

// EventKind is the step of a grading an [Event] is about.
type EventKind string

// The kinds of event, in the order a grading goes through them. Every
// grading ends with exactly one KindDone event, whatever happened before
// it, unless [Engine.Grade] returns an error: then its last event is
// KindError.
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
	StatusFail     EventStatus = "fail"     // the step failed (a build error, a failed test)
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
	Score   float64 // for KindSuite's end and KindDone: the score so far
	Max     float64 // the maximum of Score
}

// Handler receives a grading's events. Calls may come from several
// goroutines at once.
type Handler interface{ Event(Event) }

// HandlerFunc adapts a function to a [Handler].
type HandlerFunc func(Event)

// Event calls f(ev).
func (f HandlerFunc) Event(ev Event) { f(ev) }
