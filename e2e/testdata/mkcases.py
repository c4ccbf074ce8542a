# mkcases.py regenerates testdata/hostile from the exercises and solutions of
# this repository (run from anywhere: python3 e2e/testdata/mkcases.py).
# Each case edits the reference or the stub at fixed anchors, which must be
# updated when an exercise's API changes; STUB_SCORE and SEMSTUB_SCORE are
# the stubs' correctness scores.
import json, os, re, shutil
ROOT=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT=ROOT+'/e2e/testdata/hostile'
REF=open(ROOT+'/solutions/ratelimiter/ratelimiter.go').read()
STUB=open(ROOT+'/exercises/ratelimiter/stub/ratelimiter.go').read()
SEMSTUB=open(ROOT+'/exercises/semaphore/stub/semaphore.go').read()
BAD=ROOT+'/exercises/ratelimiter/testdata/bad/'
ALL=["bwrap+cgroup","bwrap","none"]
ISO=["bwrap+cgroup","bwrap"]
TESTS=re.findall(r'^func (Test\w+|Benchmark\w+)', ''.join(open(ROOT+'/exercises/ratelimiter/testdata/spec/'+f).read() for f in sorted(os.listdir(ROOT+'/exercises/ratelimiter/testdata/spec'))), re.M)
SEMTESTS=re.findall(r'^func (Test\w+|Benchmark\w+)', ''.join(open(ROOT+'/exercises/semaphore/testdata/spec/'+f).read() for f in sorted(os.listdir(ROOT+'/exercises/semaphore/testdata/spec'))), re.M)
CORR=[t for t in TESTS if t.startswith('TestCorrectness_')]
SEMCORR=[t for t in SEMTESTS if t.startswith('TestCorrectness_')]
STUB_SCORE=2.7
SEMSTUB_SCORE=3.6
if os.path.exists(OUT): shutil.rmtree(OUT)
os.makedirs(OUT)
count=0

def split(src):
    """header (doc+package), imports list, body after import block"""
    m=re.search(r'^import \(\n(.*?)\n\)\n', src, re.M|re.S)
    if m:
        return src[:m.start()], [l.strip() for l in m.group(1).split('\n') if l.strip()], src[m.end():]
    m=re.search(r'^import (".*")\n', src, re.M)
    return src[:m.start()], [m.group(1)], src[m.end():]

import subprocess
def gofmt(src):
    r=subprocess.run(['gofmt'],input=src.encode(),capture_output=True)
    return r.stdout.decode() if r.returncode==0 else src

def withimports(src, extra=(), add='', replace=(), pkg=None, prefix=''):
    head, imps, body = split(src)
    if pkg: head=head.replace('package ratelimiter','package '+pkg)
    for a,b in replace:
        assert a in body, a
        body=body.replace(a,b,1)
    imps=imps+list(extra)
    return gofmt(prefix+head+'import (\n'+''.join('\t'+i+'\n' for i in imps)+')\n'+body+add)

def line_of(text, marker, nth=0):
    ls=text.split('\n')
    hits=[i+1 for i,l in enumerate(ls) if marker in l]
    assert hits, marker
    return hits[nth]

def case(name, files, exp, extra_files=None):
    global count
    d=os.path.join(OUT,name)
    os.makedirs(d)
    for fn,data in files.items():
        p=os.path.join(d,'sub',fn)
        os.makedirs(os.path.dirname(p),exist_ok=True)
        open(p,'w' if isinstance(data,str) else 'wb').write(data)
    for fn,data in (extra_files or {}).items():
        p=os.path.join(d,fn)
        open(p,'w' if isinstance(data,str) else 'wb').write(data)
    e={'exercise':'ratelimiter'}
    e.update(exp)
    open(os.path.join(d,'expect.json'),'w').write(json.dumps(e,indent=2)+'\n')
    count+=1

CORR_ONLY=["--suites","correctness","--timeout","3s"]

# ---------------------------------------------------------------- policy
def policy(name, reason, files, hits, extra=None):
    exp={'reason':reason,'args':["--suites","correctness"],'exit':0,'build':'rejected',
         'policy':hits,'max_score':0,'verdicts':{'correctness':['policy']},'levels':ALL}
    if extra: exp.update(extra)
    case(name, files, exp)

def imp(name, path, use, reason):
    src=withimports(REF, extra=['"%s"'%path], add=use)
    policy(name, reason, {'limiter.go':src}, ['limiter.go:%d:import'%line_of(src,'"%s"'%path)],
           {'message_contains':['import "%s" is not allowed'%path]})

imp('policy-import-os','os','\nfunc init() {\n\tif os.Getenv("GRADER_CANARY") != "" {\n\t\tprintln(os.Getenv("GRADER_CANARY"))\n\t}\n}\n\n// Exit ends the process: os.Exit is impossible without os.\nfunc Exit() { os.Exit(0) }\n',
    'os would read the environment and call os.Exit(0) to end a test before it reports; the import is refused, so nothing is built')
imp('policy-import-syscall','syscall','\nfunc init() { _ = syscall.Kill(1, syscall.SIGKILL) }\n','syscall reaches the kernel directly')
imp('policy-import-unsafe','unsafe','\nfunc peek(p *int) uintptr { return uintptr(unsafe.Pointer(p)) }\n','unsafe breaks memory safety')
imp('policy-import-net','net','\nfunc init() { c, _ := net.Dial("tcp", "198.51.100.1:80"); _ = c }\n','net would exfiltrate')
imp('policy-import-os-exec','os/exec','\nfunc init() { _ = exec.Command("/bin/sh", "-c", "id").Run() }\n','os/exec runs programs')
imp('policy-import-runtime-pprof','runtime/pprof','\nfunc profile() *pprof.Profile { return pprof.Lookup("goroutine") }\n','runtime/pprof profiles the whole test process; refused by every exercise')
imp('policy-import-runtime-debug','runtime/debug','\nfunc init() { debug.SetMaxStack(1 << 40); debug.SetGCPercent(-1) }\n','runtime/debug changes the runtime the tests run in')
imp('policy-import-third-party','github.com/google/go-cmp/cmp','\nfunc same(a, b any) bool { return cmp.Equal(a, b) }\n','a module path outside the standard library, and one the sandbox vendors for the spec: it would build if the policy let it through')
imp('policy-import-gradertest','ratelimiter/internal/gradertest','\nvar _ = gradertest.SeedEnv\n','the spec support package the grader copies into the sandbox module')
imp('policy-import-testing','testing','\nvar _ = testing.Short\n','testing would let the submission act as a test')

src=withimports(REF, extra=['"C"'], add='\n//export Hook\nfunc Hook() {}\n')
policy('policy-cgo','cgo: import "C" and an //export line',{'limiter.go':src},
       ['limiter.go:%d:cgo'%line_of(src,'"C"'),'limiter.go:%d:cgo'%line_of(src,'//export Hook')])

src=withimports(REF, add='\n//go:linkname nanotime runtime.nanotime\nfunc nanotime() int64\n')
policy('policy-linkname','//go:linkname would reach runtime internals (no unsafe import, so only the directive is at stake)',{'limiter.go':src},
       ['limiter.go:%d:directive'%line_of(src,'//go:linkname')], {'message_contains':['//go:linkname']})

src=withimports(REF, extra=['_ "embed"'], add='\n//go:embed correctness_test.go\nvar spec string\n\n// Spec returns the hidden spec.\nfunc Spec() string { return spec }\n')
policy('policy-embed','//go:embed naming a hidden spec file, with the embed import',{'limiter.go':src},
       ['limiter.go:%d:import'%line_of(src,'"embed"'),'limiter.go:%d:directive'%line_of(src,'//go:embed')])

hook_race='//go:build race\n\npackage ratelimiter\n\n// underRace is set only in the -race build, so the race suite would grade different code.\nconst underRace = true\n'
policy('policy-build-race','a file built only with -race',{'limiter.go':REF,'race.go':hook_race},['race.go:1:build_constraint'])
hook_norace='//go:build !race\n// +build !race\n\npackage ratelimiter\n\nconst underRace = false\n'
policy('policy-build-norace','//go:build !race and the old // +build form',{'limiter.go':REF,'norace.go':hook_norace},
       ['norace.go:1:build_constraint','norace.go:2:build_constraint'])
policy('policy-filename-goos','limiter_linux.go: a GOOS suffix is a build constraint',{'limiter_linux.go':REF},['limiter_linux.go:0:file_name'])
policy('policy-filename-goarch','x_amd64.go: a GOARCH suffix is a build constraint',{'limiter.go':REF,'x_amd64.go':'package ratelimiter\n\nconst onAMD64 = true\n'},['x_amd64.go:0:file_name'])

src=withimports(REF, replace=[('func (l *RateLimiter) Allow() bool {','//line correctness_test.go:1\nfunc (l *RateLimiter) Allow() bool {'),
                              ('func (l *RateLimiter) Stop() {','/*line leak_test.go:7*/ func (l *RateLimiter) Stop() {')])
policy('policy-line-directive','//line and /*line*/ directives would make messages point into hidden spec files',{'limiter.go':src},
       ['limiter.go:%d:directive'%line_of(src,'//line'),'limiter.go:%d:directive'%line_of(src,'/*line')])

src=withimports(REF, replace=[('func (l *RateLimiter) Allow() bool {','//go:norace\n//go:nosplit\nfunc (l *RateLimiter) Allow() bool {'),
                              ('func (l *RateLimiter) Stop() {','//go:noinline\nfunc (l *RateLimiter) Stop() {'),
                              ('func (l *RateLimiter) take(','//go:nocheckptr\n//go:uintptrkeepalive\nfunc (l *RateLimiter) take(')])
policy('policy-directive-uncommon','//go:norace would hide races from the race suite; //go:noinline is allowed and must not be reported',{'limiter.go':src},
       ['limiter.go:%d:directive'%line_of(src,'//go:norace'),'limiter.go:%d:directive'%line_of(src,'//go:nosplit'),
        'limiter.go:%d:directive'%line_of(src,'//go:nocheckptr'),'limiter.go:%d:directive'%line_of(src,'//go:uintptrkeepalive')])

src=withimports(REF, pkg='main', add='\nfunc main() {}\n')
policy('policy-package-main','package main instead of the exercise package',{'limiter.go':src},['limiter.go:%d:package'%line_of(src,'package main')])

# ---------------------------------------------------------------- forging
def forged_lines(tests, framed):
    out=[]
    for t in tests:
        out.append('--- PASS: %s (0.00s)'%t)
        if framed: out.append('\x16=== RUN   %s'%t); out.append('\x16--- PASS: %s (0.00s)'%t)
    out += ['PASS','ok  \tratelimiter\t0.012s']
    if framed: out += ['\x16PASS']
    return out

def goq(s):
    return json.dumps(s).replace('\\u0016','\\x16')

fl=forged_lines(CORR,True)
init_println='\nfunc init() {\n'+''.join('\tprintln(%s)\n'%goq(l) for l in fl)+'}\n'
case('forge-println-init',{'limiter.go':STUB+init_println},{
 'reason':'the stub, printing fake PASS lines (plain and with the 0x16 frame) for every test with the builtin println (stderr) in init: it may not score above the stub',
 'args':CORR_ONLY,'exit':0,'build':'ok','max_score':STUB_SCORE,'verdicts':{'correctness':['tamper','failed','early_exit']},
 'levels':ALL})

call_println=''.join('\t\tprintln(%s)\n'%goq(l) for l in fl)
assert 'func (l *RateLimiter) Allow() bool {\n\t// TODO\n' in STUB
src=STUB.replace('func (l *RateLimiter) Allow() bool {\n\t// TODO\n','func (l *RateLimiter) Allow() bool {\n\tforge.Do(func() {\n'+call_println+'\t})\n')
src=withimports(src, extra=['"sync"'], add='\nvar forge sync.Once\n')
case('forge-println-call',{'limiter.go':src},{
 'reason':'the stub, printing fake PASS lines with println during the first Allow call',
 'args':CORR_ONLY,'exit':0,'build':'ok','max_score':STUB_SCORE,'verdicts':{'correctness':['tamper','failed','early_exit']},
 'levels':ISO})
case('forge-fail-under',{'limiter.go':src},{
 'reason':'forged PASS lines do not lift a stub over --fail-under: exit 1',
 'args':CORR_ONLY+['--fail-under','50'],'exit':1,'build':'ok','max_score':STUB_SCORE,
 'levels':ISO})

sfl=forged_lines(SEMCORR,True)
sem_init='\nfunc init() {\n'+''.join('\tfmt.Println(%s)\n'%goq(l) for l in sfl)+'\tfmt.Print("\\x16--- PASS: TestCorrectness_TryAcquireUpToMax (0.00s)\\n\\x16PASS\\n")\n}\n'
def semsrc(replace=(), add=''):
    s=SEMSTUB.replace('import "context"','import (\n\t"context"\n\t"fmt"\n)')
    for a,b in replace: assert a in s; s=s.replace(a,b,1)
    return s+add
case('forge-fmt-init',{'semaphore.go':semsrc(add=sem_init)},{
 'exercise':'semaphore',
 'reason':'the semaphore stub (its exercise allows fmt), printing fake PASS lines on stdout with fmt in init',
 'args':CORR_ONLY,'exit':0,'build':'ok','max_score':SEMSTUB_SCORE,'verdicts':{'correctness':['tamper','failed','early_exit']},
 'levels':ISO})
sem_call=''.join('\tfmt.Printf("%%s\\n", %s)\n'%goq(l) for l in sfl)
case('forge-fmt-call',{'semaphore.go':semsrc(replace=[('func (s *Semaphore) TryAcquire() bool {\n\t// TODO\n','func (s *Semaphore) TryAcquire() bool {\n'+sem_call)])},{
 'exercise':'semaphore',
 'reason':'the semaphore stub, printing fake PASS lines on stdout with fmt on every TryAcquire: a test that never calls TryAcquire passes as it does for the stub, one that calls it in a loop may hit the output limit',
 'args':CORR_ONLY,'exit':0,'build':'ok','max_score':SEMSTUB_SCORE,'verdicts':{'correctness':['tamper','failed','early_exit','passed','output_limit']},'require':{'correctness':['tamper']},
 'levels':ISO})

# Slow Allow: a CPU-bound loop (virtual time would make a clock-based one spin forever in a bubble).
SPIN='\tspin()\n'
SPINFN='\n// spin burns CPU for a while: Allow is pathologically slow.\nfunc spin() {\n\tfor i := 0; i < 300000; i++ {\n\t\tsink += i\n\t}\n}\n\nvar sink int\n'
slow=withimports(REF, replace=[('func (l *RateLimiter) Allow() bool {\n','func (l *RateLimiter) Allow() bool {\n'+SPIN)], add=SPINFN)
case('runtime-slow-method',{'limiter.go':slow},{
 'reason':'Allow spins for ~100us: the latency suite only (correctness still passes)',
 'args':["--suites","correctness,latency"],'exit':0,'build':'ok',
 'verdicts':{'correctness':['passed'],'latency':['passed','slow']},'require':{'latency':['slow']},
 'message_contains':[],'levels':ISO})
bench=['BenchmarkLatency_Allow-2   \t1000000000\t         1.000 ns/op\t       0 B/op\t       0 allocs/op',
       'BenchmarkLatency_AllowWithPendingWaits-2   \t1000000000\t         1.000 ns/op',
       'BenchmarkLatency_Wait-2   \t1000000000\t         1.000 ns/op']
fake=withimports(REF, replace=[('func (l *RateLimiter) Allow() bool {\n','func (l *RateLimiter) Allow() bool {\n'+SPIN+'\tforge.Do(func() {\n'+''.join('\t\tprintln(%s)\n'%goq(b) for b in bench)+'\t})\n')],
   add=SPINFN+'\nvar forge sync.Once\n')
case('forge-bench-lines',{'limiter.go':fake},{
 'reason':'the slow Allow above, printing fake 1 ns/op benchmark lines: it may score no more than the honest slow one (Allow benchmarks slow or tamper)',
 'args':["--suites","latency"],'exit':0,'build':'ok',
 'verdicts':{'latency':['passed','slow','tamper']},'max_score':6.7,
 'levels':ISO})

# ---------------------------------------------------------------- ignored files
own_test='''package ratelimiter

import (
	"fmt"
	"os"
	"testing"
)

// TestMain would end every test binary with success before the hidden tests run.
func TestMain(m *testing.M) {
	fmt.Println("--- PASS: TestCorrectness_StartsFull (0.00s)")
	fmt.Println(os.Getenv("GRADER_CANARY"))
	os.Exit(0)
}

func TestCorrectness_StartsFull(t *testing.T) {}
'''
ext_test='package ratelimiter_test\n\nimport "testing"\n\nfunc TestCorrectness_StopTwice(t *testing.T) {}\n'
case('ignored-own-tests',{'limiter.go':STUB,'limiter_test.go':own_test,'extra_test.go':ext_test},{
 'reason':'the candidate\'s _test.go files (a TestMain that exits 0, tests named like hidden ones) are not taken: the stub scores exactly what the stub scores',
 'args':CORR_ONLY,'exit':0,'build':'ok','min_score':STUB_SCORE,'max_score':STUB_SCORE,'verdicts':{'correctness':['passed','failed']},
 'ignored':['limiter_test.go','extra_test.go'],'levels':ISO})

fake_goleak='''// Package goleak is a fake that never finds a leak.
package goleak

// Option is an option.
type Option interface{}

// TestingT is a test.
type TestingT interface{ Error(...any) }

// VerifyNone finds nothing.
func VerifyNone(t TestingT, options ...Option) {}

// Find finds nothing.
func Find(options ...Option) error { return nil }
'''
leaky=open(BAD+'leak-stop-keeps-refill-goroutine/ratelimiter.go').read()
case('ignored-gomod-replace',{'limiter.go':leaky,
   'go.mod':'module ratelimiter\n\ngo 1.26\n\nrequire go.uber.org/goleak v1.3.0\n\nreplace go.uber.org/goleak => ./fake\n',
   'go.sum':'',
   'fake/go.mod':'module go.uber.org/goleak\n\ngo 1.26\n','fake/goleak.go':fake_goleak},{
 'reason':'a go.mod replacing goleak with a fake that finds nothing: ignored, so the leaky submission still loses the leak suite',
 'args':["--suites","correctness,leak"],'exit':0,'build':'ok',
 'verdicts':{'correctness':['passed'],'leak':['passed','leak']},'require':{'leak':['leak']},
 'ignored':['go.mod','go.sum','fake/'],'levels':ISO})

fake_cmp='''// Package cmp is a fake whose Diff never finds a difference.
package cmp

// Option is an option.
type Option interface{}

// Diff reports no difference.
func Diff(x, y any, opts ...Option) string { return "" }

// Equal reports equality.
func Equal(x, y any, opts ...Option) bool { return true }
'''
case('ignored-vendor',{'limiter.go':STUB,'vendor/modules.txt':'# github.com/google/go-cmp v0.7.0\n## explicit\ngithub.com/google/go-cmp/cmp\n',
   'vendor/github.com/google/go-cmp/cmp/compare.go':fake_cmp},{
 'reason':'a vendor/ dir with a go-cmp whose Diff is always empty: ignored, so the stub scores what the stub scores',
 'args':CORR_ONLY,'exit':0,'build':'ok','min_score':STUB_SCORE,'max_score':STUB_SCORE,'verdicts':{'correctness':['passed','failed']},
 'ignored':['vendor/'],'levels':ISO})

case('ignored-go-work',{'limiter.go':STUB,'go.work':'go 1.26\n\nuse (\n\t.\n\t./fake\n)\n\nreplace github.com/google/go-cmp => ./fake\n',
   'fake/go.mod':'module github.com/google/go-cmp\n\ngo 1.26\n','fake/cmp/compare.go':fake_cmp},{
 'reason':'a go.work pulling in a fake go-cmp: ignored',
 'args':CORR_ONLY,'exit':0,'build':'ok','min_score':STUB_SCORE,'max_score':STUB_SCORE,'verdicts':{'correctness':['passed','failed']},
 'ignored':['go.work','fake/'],'levels':ISO})

case('ignored-toolchain',{'limiter.go':REF,'go.mod':'module ratelimiter\n\ngo 1.99.0\n\ntoolchain go1.99.0\n'},{
 'reason':'a go.mod asking for toolchain go1.99.0 (a download, if honoured): ignored, and the reference scores full marks',
 'args':CORR_ONLY,'exit':0,'build':'ok','min_score':40,'verdicts':{'correctness':['passed']},
 'ignored':['go.mod'],'levels':ALL})

asm='#include "textflag.h"\n\nTEXT ·Allow(SB),NOSPLIT,$0-1\n\tMOVB $1, ret+0(FP)\n\tRET\n'
case('ignored-asm-syso-c',{'limiter.go':REF,'fast.s':asm,'blob.syso':bytes(range(256))*4,
   'helper.c':'#include <stdlib.h>\nvoid evil(void) { system("id"); }\n','helper.h':'void evil(void);\n',
   'helper.cc':'int x;\n','helper.S':'.text\n'},{
 'reason':'.s, .S, .syso, .c, .cc and .h files are not taken: the package is the .go files',
 'args':CORR_ONLY,'exit':0,'build':'ok','min_score':40,'verdicts':{'correctness':['passed']},
 'ignored':['fast.s','blob.syso','helper.c','helper.h'],'levels':ISO})

case('ignored-subpackage',{'limiter.go':REF,'evil/evil.go':'package evil\n\nimport "os"\n\nfunc init() { os.Exit(0) }\n'},{
 'reason':'a subdirectory with a package importing os is not part of the submission',
 'args':CORR_ONLY,'exit':0,'build':'ok','min_score':40,'verdicts':{'correctness':['passed']},
 'ignored':['evil/'],'levels':ISO})

# ---------------------------------------------------------------- runtime
def rt(name, src, exp, levels=ISO, files=None):
    e={'args':CORR_ONLY,'exit':0,'build':'ok','levels':levels}
    e.update(exp)
    fs={'limiter.go':src}
    if files: fs.update(files)
    case(name, fs, e)

src=gofmt(REF+'\nfunc init() {\n\tpanic("candidate init panic")\n}\n')
rt('runtime-panic-init',src,{'reason':'a panic in init: every test fails with verdict panic, naming the candidate\'s init','max_score':0,
   'verdicts':{'correctness':['panic']},'message_contains':['candidate init panic','limiter.go:%d'%line_of(src,'candidate init panic')],'short':True},levels=ALL)

src=REF+'\nvar spins int\n\nfunc init() {\n\tfor {\n\t\tspins++\n\t}\n}\n'
rt('runtime-loop-init',src,{'reason':'an infinite loop in init: killed at --timeout, every test times out, grading still ends','max_score':0,
   'verdicts':{'correctness':['timeout']}})

src=withimports(REF, extra=['"sync/atomic"'], replace=[('func (l *RateLimiter) Stop() {\n','func (l *RateLimiter) Stop() {\n\tif l.stops.Add(1) > 2 {\n\t\tfor {\n\t\t\tl.spins++ // spin forever\n\t\t}\n\t}\n'),
    ('\tstopped bool\n','\tstopped bool\n\tstops   atomic.Int32\n\tspins   int\n')])
rt('runtime-loop-method',src,{'reason':'Stop spins forever on its third call (StopTwice, then the cleanup): that test times out at the suite\'s own limit (no --timeout), the test binary dumps its stacks and the message names the spinning frame; the others pass',
   'args':["--suites","correctness"],'min_score':37.3,
   'verdicts':{'correctness':['passed','timeout']},'require':{'correctness':['timeout']},
   'message_contains':['limiter.go:', '(*RateLimiter).Stop']})

src=withimports(REF, replace=[('func (l *RateLimiter) Stop() {\n','func (l *RateLimiter) Stop() {\n\t<-l.never // nobody ever sends\n'),
    ('\tdone chan struct{} // closed by Stop\n','\tdone chan struct{} // closed by Stop\n\tnever chan struct{}\n'),
    ('\t\tdone:   make(chan struct{}),\n','\t\tdone:   make(chan struct{}),\n\t\tnever:  make(chan struct{}),\n')])
rt('runtime-deadlock',src,{'reason':'Stop blocks forever on a channel nobody sends on; every test stops a limiter inside its synctest bubble (in a cleanup at least), so the bubble deadlocks (or, were it slow to tell, the test times out): nothing passes',
   'max_score':0,'verdicts':{'correctness':['deadlock','timeout']},'require':{'correctness':['deadlock']},
   'message_contains':['limiter.go:%d'%line_of(src,'nobody ever sends')]})

src=withimports(REF, replace=[('func NewRateLimiter(requestsPerSecond int) *RateLimiter {\n','func NewRateLimiter(requestsPerSecond int) *RateLimiter {\n\thog()\n')],
   add='\nvar hoard [][]byte\n\n// hog allocates, and touches, memory until the process is killed.\nfunc hog() {\n\tfor {\n\t\tb := make([]byte, 1<<20)\n\t\tfor i := 0; i < len(b); i += 4096 {\n\t\t\tb[i] = 1\n\t\t}\n\t\thoard = append(hoard, b)\n\t}\n}\n')
rt('runtime-memory-bomb',src,{'reason':'New allocates until killed: memory_limit at --memory-mb 256 (with --timeout 10s: under load on 2 cores, 3s is not always enough to fill 256 MiB)',
   'args':["--suites","correctness","--timeout","10s",'--memory-mb','256'],'max_score':0,'verdicts':{'correctness':['memory_limit']}})

src=withimports(REF, replace=[('func (l *RateLimiter) Allow() bool {\n','func (l *RateLimiter) Allow() bool {\n\tfor {\n\t\tgo func() { select {} }()\n\t}\n')])
rt('runtime-goroutine-bomb',src,{'reason':'Allow starts goroutines forever: stopped by the memory limit or the wall-time limit, and the grading ends (the two tests that never call Allow pass)',
   'args':CORR_ONLY+['--memory-mb','256'],'max_score':5.3,'verdicts':{'correctness':['memory_limit','timeout','crash','passed']},
   'require':{'correctness':['memory_limit']}})

src=withimports(REF, replace=[('func (l *RateLimiter) Allow() bool {\n','func (l *RateLimiter) Allow() bool {\n\tfor {\n\t\tprintln("flood flood flood flood flood flood flood flood flood flood flood flood")\n\t}\n')])
rt('runtime-output-flood',src,{'reason':'Allow prints forever: output_limit at --output-kb 64 (the two tests that never call Allow pass)',
   'args':CORR_ONLY+['--output-kb','64'],'max_score':5.3,'verdicts':{'correctness':['output_limit','passed']},'require':{'correctness':['output_limit']},
   'short':True},levels=ALL)

src=REF+'\nfunc init() {\n\tsink = deep(0)\n}\n\nvar sink int\n\n// deep recurses without end.\nfunc deep(n int) int {\n\tvar pad [4096]byte\n\tpad[n%4096] = byte(n)\n\treturn deep(n+1) + int(pad[(n+1)%4096]) // recursion\n}\n'
rt('runtime-stack-overflow',src,{'reason':'unbounded recursion in init: the runtime dies with a stack overflow (crash) once the stack reaches 1 GB, which takes seconds, hence --timeout 30s; every test fails the same way',
   'args':["--suites","correctness","--timeout","30s"],
   'max_score':0,'verdicts':{'correctness':['crash']},'message_contains':['stack overflow']})

src=withimports(REF, replace=[('\tif !l.stopped {\n\t\tl.stopped = true\n\t\tclose(l.done)\n\t}\n','\tif !l.stopped {\n\t\tl.stopped = true\n\t\tclose(l.done)\n\t\tclose(l.nilch) // never made\n\t}\n'),
    ('\tstopped bool\n','\tstopped bool\n\tnilch   chan struct{}\n')])
rt('runtime-close-nil-channel',src,{'reason':'Stop closes a nil channel: the two tests that call Stop in their body panic, at the candidate\'s line; two more recover the panic themselves and fail; the rest pass (the spec\'s cleanup Stop ignores a panic)',
   'max_score':29.3,'verdicts':{'correctness':['panic','failed','passed']},'require':{'correctness':['panic','failed']},
   'message_contains':['close of nil channel','limiter.go:%d'%line_of(src,'never made')],'short':True},levels=ALL)

race=open(BAD+'race-unlocked-fast-path/ratelimiter.go').read()
rt('runtime-race',race,{'reason':'a data race (Allow reads tokens before locking): the race suite only',
   'args':["--suites","correctness,race","--timeout","20s"],
   'verdicts':{'correctness':['passed'],'race':['passed','race']},'require':{'race':['race']},'message_contains':['limiter.go:']})
rt('runtime-leak',leaky,{'reason':'Stop leaves the refill goroutine running: the leak suite only',
   'args':["--suites","correctness,leak"],
   'verdicts':{'correctness':['passed'],'leak':['passed','leak']},'require':{'leak':['leak']},'message_contains':['limiter.go:']})

# ---------------------------------------------------------------- build
src=withimports(REF, replace=[('\tl.mu.Lock()\n\tdefer l.mu.Unlock()\n\tif l.stopped {\n\t\treturn false\n\t}\n','\tl.mu.Lock()\n\tdefer l.mu.Unlock()\n\tvar count int = "many" // type error\n\tif l.stopped {\n\t\treturn false\n\t}\n')])
rt('build-type-error',src,{'reason':'a type error: build failed, the message at the candidate\'s file:line, every test build_failed',
   'build':'failed','max_score':0,'verdicts':{'correctness':['build_failed']},'message_contains':['limiter.go:%d'%line_of(src,'// type error')]},levels=ALL)
src=withimports(REF, replace=[('func (l *RateLimiter) Stop() {\n','func (l *RateLimiter) Stop() {\n\tif l.stopped { // syntax error below\n')])
rt('build-syntax-error',src,{'reason':'a missing brace: build failed, at the candidate\'s file','build':'failed','max_score':0,
   'verdicts':{'correctness':['build_failed']},'message_contains':['limiter.go:']},levels=ALL)

src=withimports(REF, replace=[('func (l *RateLimiter) Wait(ctx context.Context) error {','func (l *RateLimiter) wait(ctx context.Context) error {')])
rt('missing-api-method',src,{'reason':'Wait is missing (unexported): the tests that need it are missing_api, the others still run and pass: partial credit',
   'args':CORR_ONLY,'missing_api':['(*RateLimiter).Wait'],'min_score':10,'max_score':39.9,
   'verdicts':{'correctness':['passed','missing_api']},'require':{'correctness':['passed','missing_api']}})
src=withimports(REF, replace=[('func (l *RateLimiter) Stop() {','func (l *RateLimiter) Stop() bool {'),
   ('\tif !l.stopped {\n\t\tl.stopped = true\n\t\tclose(l.done)\n\t}\n}','\tif !l.stopped {\n\t\tl.stopped = true\n\t\tclose(l.done)\n\t}\n\treturn true\n}')])
rt('missing-api-signature',src,{'reason':'Stop returns a bool: declared differently, so every test that stops a limiter is missing_api (nearly all)',
   'args':CORR_ONLY,'missing_api':['(*RateLimiter).Stop'],'max_score':39.9,
   'verdicts':{'correctness':['passed','missing_api']},'require':{'correctness':['missing_api']}})

# ---------------------------------------------------------------- intake
MSGS={'intake-zip-dotdot': 'escapes the submission', 'intake-zip-absolute': 'has an absolute path', 'intake-zip-backslash': 'contains a backslash', 'intake-zip-symlink': 'is a symbolic link', 'intake-targz-symlink': 'is a symbolic link', 'intake-dir-symlink': 'is a symbolic link', 'intake-targz-hardlink': 'is a hard link', 'intake-zip-bomb': 'compression bomb', 'intake-targz-bomb': 'compression bomb', 'intake-too-many-entries': 'more than 1000 entries', 'intake-deep-nesting': 'levels deep', 'intake-non-utf8-name': 'is not valid UTF-8', 'intake-control-char-name': 'control character', 'intake-dash-name': "starts with '-'", 'intake-case-duplicates': 'differ only in case', 'intake-oversized-file': 'larger than 1 MiB', 'intake-oversized-zip-entry': 'larger than 1 MiB', 'intake-empty-dir': 'no Go files found', 'intake-no-go-files': 'no Go files found', 'intake-corrupt-zip': 'zip'}
def intake(name, reason, kind, entries, msg=None, files=None, extra=None):
    e={'reason':reason,'archive':{'kind':kind,'entries':entries},'args':["--suites","correctness"],'exit':2,'levels':ALL}
    e['message_contains']=['submission refused', MSGS[name]]
    if extra: e.update(extra)
    case(name, {}, e, extra_files=files)
    d=os.path.join(OUT,name)
    if os.path.isdir(os.path.join(d,'sub')): shutil.rmtree(os.path.join(d,'sub'))

LIM={'limiter.go':REF}
ref_entry={'name':'limiter.go','file':'limiter.go'}
intake('intake-zip-dotdot','a zip entry that climbs out with ../','zip',[ref_entry,{'name':'../../escape-e2e.go','data':'package ratelimiter\n'}],files=LIM)
intake('intake-zip-absolute','a zip entry with an absolute path','zip',[ref_entry,{'name':'/tmp/grader-e2e-abs-escape.go','data':'package ratelimiter\n'}],files=LIM)
intake('intake-zip-backslash','a zip entry with a backslash (a Windows ..\\ escape)','zip',[ref_entry,{'name':'..\\\\escape.go','unquote':True,'data':'package ratelimiter\n'}],files=LIM)
intake('intake-zip-symlink','a zip symlink entry to /etc/passwd','zip',[ref_entry,{'name':'passwd.go','symlink':'/etc/passwd'}],files=LIM)
intake('intake-targz-symlink','a tar.gz symlink entry','tar.gz',[ref_entry,{'name':'passwd.go','symlink':'/etc/passwd'}],files=LIM)
intake('intake-targz-hardlink','a tar.gz hard link entry','tar.gz',[ref_entry,{'name':'shadow.go','hardlink':'/etc/shadow'},{'name':'again.go','hardlink':'limiter.go'}],files=LIM)
intake('intake-zip-bomb','a zip entry that inflates 1000:1 (under the per-file size limit)','zip',[ref_entry,{'name':'zeros.txt','zeros':1000000}],files=LIM)
intake('intake-targz-bomb','a tar.gz whose stream inflates 1000:1 past the total limit','tar.gz',[ref_entry,{'name':'z%d.txt','zeros':1000000,'count':10}],files=LIM)
intake('intake-too-many-entries','more entries than the limit','zip',[ref_entry,{'name':'f%d.txt','data':'x','count':1100}],files=LIM)
intake('intake-deep-nesting','a path 12 levels deep','zip',[{'name':'a/b/c/d/e/f/g/h/i/j/k/limiter.go','file':'limiter.go'}],files=LIM)
intake('intake-non-utf8-name','a file name that is not UTF-8','zip',[ref_entry,{'name':'bad\\xff.go','unquote':True,'data':'package ratelimiter\n'}],files=LIM)
intake('intake-control-char-name','a file name with a newline','tar.gz',[ref_entry,{'name':'evil\\n--- PASS.go','unquote':True,'data':'package ratelimiter\n'}],files=LIM)
intake('intake-dash-name','a file name starting with a dash','zip',[ref_entry,{'name':'-exec.go','data':'package ratelimiter\n'}],files=LIM)
intake('intake-case-duplicates','two entries differing only in case','zip',[ref_entry,{'name':'Limiter.go','file':'limiter.go'}],files=LIM)
intake('intake-oversized-file','a 2 MiB source file in a directory','dir',[ref_entry,{'name':'big.go','zeros':2<<20}],files=LIM)
intake('intake-oversized-zip-entry','a 2 MiB stored (uncompressed) zip entry that is a source file','zip',[ref_entry,{'name':'big.go','zeros':2<<20,'store':True}],files=LIM)
intake('intake-empty-dir','an empty submission','dir',[])
intake('intake-no-go-files','a submission with no Go files','dir',[{'name':'README.md','data':'I could not do it.\n'},{'name':'notes.txt','data':'sorry\n'}])
intake('intake-dir-symlink','a directory whose limiter.go is a symlink to /etc/passwd','dir',[{'name':'limiter.go','symlink':'/etc/passwd'},{'name':'ok.go','data':'package ratelimiter\n'}])
intake('intake-corrupt-zip','a .zip that is not a zip','zip',[],files=None)
# the corrupt zip: a committed file instead of a built archive
d=os.path.join(OUT,'intake-corrupt-zip'); e=json.load(open(d+'/expect.json')); del e['archive']; e['submission']='broken.zip'
open(d+'/broken.zip','wb').write(b'PK\x03\x04 this is not really a zip archive\n'+bytes(200))
open(d+'/expect.json','w').write(json.dumps(e,indent=2)+'\n')

# ---------------------------------------------------------------- git
for kind,reason in [('repo','a git repository: its working tree is graded, HEAD recorded'),('bundle','a git bundle: graded'),
                    ('hostile-repo','a git repository whose config sets core.fsmonitor, hooks, filters, an include and aliases that would create a file: graded, and nothing ran')]:
    case('git-'+kind,{'limiter.go':REF,'README.md':'My limiter.\n'},{'reason':reason,'git':kind,'args':CORR_ONLY,'exit':0,'build':'ok',
        'min_score':40,'verdicts':{'correctness':['passed']},'levels':ALL})

print(count,'cases')
