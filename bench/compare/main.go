//go:build ignore

// Command compare times Confidant against keepassxc-cli on the same entries, as whole processes, and writes the
// table into docs/BENCHMARKS.md. Run it through bench/compare.sh, which installs keepassxc-cli and builds the
// binaries it needs; the build constraint keeps it out of `go build ./...` and `go test ./...`.
//
// For each key-derivation setting (nearly free, then about a second for both tools) and each size, it generates
// the same entries into a KeePass 2 XML file and a Confidant bundle (age-encrypted to a key made here), times the
// import of each (several runs, each into a new file), then times list, search, show, export and add on the last
// imported database, and reports medians.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	passphrase = "correct horse battery staple"
	searchWord = "quince" // in the notes of one entry in a hundred, nowhere else
	beginMark  = "<!-- bench/compare.sh: begin (generated; rerun the script to refresh) -->"
	endMark    = "<!-- bench/compare.sh: end -->"
	heading    = "## Side by side with KeePassXC"
)

func main() {
	var (
		binDir   = flag.String("bin", "", "directory holding confidant, age and age-keygen (built by compare.sh)")
		sizesArg = flag.String("sizes", "1000,10000", "entry counts, comma-separated")
		runs     = flag.Int("runs", 5, "timed runs per operation with free key derivation")
		slowRuns = flag.Int("slow-runs", 3, "timed runs per operation with about a second of key derivation")
		docPath  = flag.String("doc", "", "write the results into this Markdown file (between markers, or appended)")
		command  = flag.String("command", "bench/compare.sh", "the command to record in the document")
		keep     = flag.Bool("keep", false, "keep the work directory")
		slowOnly = flag.Bool("no-slow", false, "skip the one-second key-derivation setting")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("compare: ")
	if *binDir == "" {
		log.Fatal("-bin is required (run bench/compare.sh)")
	}
	var sizes []int
	for _, s := range strings.Split(*sizesArg, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 100 {
			log.Fatalf("bad size %q: want a number of at least 100", s)
		}
		sizes = append(sizes, n)
	}
	work, err := os.MkdirTemp("", "confidant-compare-")
	if err != nil {
		log.Fatal(err)
	}
	if !*keep {
		defer os.RemoveAll(work)
	}
	b := &bench{
		work:      work,
		confidant: filepath.Join(*binDir, "confidant"),
		age:       filepath.Join(*binDir, "age"),
		keygen:    filepath.Join(*binDir, "age-keygen"),
	}
	start := time.Now()
	machine := describeMachine()
	log.Printf("machine: %s", strings.Join(machine, "; "))
	if err := b.prepare(); err != nil {
		log.Fatal(err)
	}

	settings := []setting{{name: "free", runs: *runs, confidantWF: 10}}
	if !*slowOnly {
		kdbxMS, wf, cal, err := b.calibrate()
		if err != nil {
			log.Fatal(err)
		}
		settings = append(settings, setting{name: "1s", runs: *slowRuns, confidantWF: wf, kdbxTime: kdbxMS, calibration: cal})
	}

	data := map[int]*dataset{}
	for _, n := range sizes {
		d, err := b.generate(n)
		if err != nil {
			log.Fatal(err)
		}
		data[n] = d
	}

	var results []result
	for _, s := range settings {
		for _, n := range sizes {
			r, err := b.run(s, data[n])
			if err != nil {
				log.Fatal(err)
			}
			results = append(results, r)
			fmt.Println(r.table())
		}
	}
	elapsed := time.Since(start).Round(time.Second)
	machine = append(machine, "load average at the end: "+loadAverage())
	md := report(machine, *command, settings, results, elapsed)
	fmt.Println(md)
	if *docPath != "" {
		if err := writeSection(*docPath, md); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote the results into %s", *docPath)
	}
	log.Printf("done in %s; work directory %s", elapsed, map[bool]string{true: "kept: " + work, false: "removed"}[*keep])
}

type bench struct {
	work, confidant, age, keygen string
	passFile, keyFile, recipient string
}

// setting is one key-derivation configuration of both tools.
type setting struct {
	name        string
	runs        int
	confidantWF int    // scrypt log2 N
	kdbxTime    int    // keepassxc-cli --decryption-time in ms; 0 for its import default
	calibration string // how the pair was chosen
}

func (s setting) describe() string {
	if s.kdbxTime == 0 {
		return fmt.Sprintf("key derivation nearly free: Confidant scrypt work factor %d; keepassxc-cli's import default", s.confidantWF)
	}
	return fmt.Sprintf("key derivation about a second: Confidant scrypt work factor %d; keepassxc-cli --decryption-time %d", s.confidantWF, s.kdbxTime)
}

type dataset struct {
	n            int
	xml, bundle  string // KeePass 2 XML; Confidant bundle, age-encrypted to b.keyFile
	showTitle    string // the entry that show shows
	searchHits   int
	bundleBytes  int
	xmlBytes     int
	avgNoteBytes int
}

func (b *bench) prepare() error {
	b.passFile = filepath.Join(b.work, "passphrase")
	if err := os.WriteFile(b.passFile, []byte(passphrase+"\n"), 0o600); err != nil {
		return err
	}
	b.keyFile = filepath.Join(b.work, "key.txt")
	if out, err := exec.Command(b.keygen, "-o", b.keyFile).CombinedOutput(); err != nil {
		return fmt.Errorf("age-keygen: %v: %s", err, out)
	}
	out, err := exec.Command(b.keygen, "-y", b.keyFile).Output()
	if err != nil {
		return fmt.Errorf("age-keygen -y: %v", err)
	}
	b.recipient = strings.TrimSpace(string(out))
	return nil
}

// entry is one generated record, written identically into both tools' import files.
type entry struct {
	Title, User, Secret, Note string
	Tags                      []string
}

var words = strings.Fields(`able about account address after again agenda airport album apple april arrive
	assistant august autumn balance bank before birthday board booking bridge budget cabin calendar call card
	cargo carpet castle chair charity check city clinic coast coffee concert contract cottage course dentist
	desk diary dinner doctor document domain driver email embassy estate evening family ferry flight florist
	garden gift glass harbour hotel house insurance invoice island journey key kitchen ladder lawyer letter
	library linen lunch manager market meeting menu minister monday morning museum nanny office opera orchard
	package paper parcel passport payment pharmacy pilot planner porter quarter receipt record renewal
	restaurant ribbon river school season secretary service signature silver station studio suite supplier
	table tailor ticket tennis theatre timber tuesday tutor umbrella valley vendor villa visa wallet wedding
	window winter yacht`)

var surnames = strings.Fields(`Vance Okafor Lindqvist Moreau Tanaka Oduya Castellanos Novak Brennan Haddad
	Kowalski Iyer Fairfax Mbeki Sorensen Delacroix Whitcombe Abernathy Rossi Nakamura`)

func generateEntries(n int) []entry {
	r := rand.New(rand.NewPCG(uint64(n), 2026))
	es := make([]entry, n)
	for i := range es {
		sur := surnames[r.IntN(len(surnames))]
		var note strings.Builder
		for note.Len() < 480+r.IntN(40) {
			if note.Len() > 0 {
				note.WriteByte(' ')
			}
			note.WriteString(words[r.IntN(len(words))])
		}
		if i%100 == 42 {
			note.WriteString(" " + searchWord)
		}
		note.WriteByte('.')
		secret := make([]byte, 20)
		for j := range secret {
			secret[j] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[r.IntN(57)]
		}
		es[i] = entry{
			Title:  fmt.Sprintf("Client %05d %s", i, sur),
			User:   fmt.Sprintf("%s.%05d@example.com", strings.ToLower(sur), i),
			Secret: string(secret),
			Note:   note.String(),
			Tags:   []string{"bench", "group" + strconv.Itoa(i%20)},
		}
	}
	return es
}

func (b *bench) generate(n int) (*dataset, error) {
	es := generateEntries(n)
	d := &dataset{n: n, showTitle: es[n/2].Title}
	total := 0
	for _, e := range es {
		total += len(e.Note)
		if strings.Contains(e.Note, searchWord) {
			d.searchHits++
		}
	}
	d.avgNoteBytes = total / n

	// KeePass 2 XML, as KeePassXC exports it, every entry in the root group. Values marked ProtectInMemory
	// are plain in the file (Protected="True" would mean encrypted with the inner stream, which an export lacks).
	var x bytes.Buffer
	x.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<KeePassFile>\n<Meta><Generator>confidant bench</Generator><DatabaseName>bench</DatabaseName></Meta>\n<Root>\n<Group>\n")
	fmt.Fprintf(&x, "<UUID>%s</UUID>\n<Name>Root</Name>\n", uuid(0))
	str := func(key, value string, protect bool) {
		x.WriteString("<String><Key>" + key + "</Key><Value")
		if protect {
			x.WriteString(` ProtectInMemory="True"`)
		}
		x.WriteString(">")
		xml.EscapeText(&x, []byte(value))
		x.WriteString("</Value></String>\n")
	}
	for i, e := range es {
		fmt.Fprintf(&x, "<Entry>\n<UUID>%s</UUID>\n<Tags>%s</Tags>\n", uuid(i+1), strings.Join(e.Tags, ";"))
		str("Title", e.Title, false)
		str("UserName", e.User, false)
		str("Password", e.Secret, true)
		str("Notes", e.Note, false)
		x.WriteString("</Entry>\n")
	}
	x.WriteString("</Group>\n</Root>\n</KeePassFile>\n")
	d.xml = filepath.Join(b.work, fmt.Sprintf("entries-%d.xml", n))
	d.xmlBytes = x.Len()
	if err := os.WriteFile(d.xml, x.Bytes(), 0o600); err != nil {
		return nil, err
	}

	// The Confidant bundle (docs/FORMAT.md): a handoff of dossiers from another program, without IDs.
	type field struct {
		Label  string `json:"label"`
		Value  string `json:"value"`
		Type   string `json:"type"`
		Secret bool   `json:"secret,omitempty"`
	}
	type dossier struct {
		Title  string   `json:"title"`
		Kind   string   `json:"kind"`
		Fields []field  `json:"fields"`
		Notes  string   `json:"notes"`
		Tags   []string `json:"tags"`
	}
	type bundle struct {
		Format   string    `json:"format"`
		Purpose  string    `json:"purpose"`
		From     string    `json:"from"`
		Created  string    `json:"created"`
		Count    int       `json:"count"`
		Dossiers []dossier `json:"dossiers"`
	}
	bu := bundle{Format: "confidant-bundle/v1", Purpose: "handoff", From: "bench/compare", Created: "2026-03-01T09:30:00Z", Count: n}
	for _, e := range es {
		bu.Dossiers = append(bu.Dossiers, dossier{
			Title: e.Title, Kind: "note", Notes: e.Note, Tags: e.Tags,
			Fields: []field{{Label: "Username", Value: e.User, Type: "email"}, {Label: "Password", Value: e.Secret, Type: "password", Secret: true}},
		})
	}
	var j bytes.Buffer
	enc := json.NewEncoder(&j)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(bu); err != nil {
		return nil, err
	}
	d.bundleBytes = j.Len()
	// Generated entries, nobody's data, in the script's own work directory
	// (removed at the end): the stock age command encrypts the file as a
	// colleague sending a handoff would.
	plain := filepath.Join(b.work, fmt.Sprintf("bundle-%d.json", n))
	if err := os.WriteFile(plain, j.Bytes(), 0o600); err != nil {
		return nil, err
	}
	d.bundle = plain + ".age"
	if out, err := exec.Command(b.age, "-e", "-r", b.recipient, "-o", d.bundle, plain).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("age -e: %v: %s", err, out)
	}
	os.Remove(plain)
	log.Printf("generated %d entries: XML %.1f MiB, bundle %.1f MiB, notes %d bytes on average, %d contain %q",
		n, float64(d.xmlBytes)/(1<<20), float64(d.bundleBytes)/(1<<20), d.avgNoteBytes, d.searchHits, searchWord)
	return d, nil
}

func uuid(i int) string {
	var u [16]byte
	binary.BigEndian.PutUint64(u[8:], uint64(i)+0x5eed)
	u[0] = 0xc0
	return base64.StdEncoding.EncodeToString(u[:])
}

// proc is one process to time.
type proc struct {
	args   []string
	stdin  string
	stdout string // file to write standard output to; "" for /dev/null
}

type timing struct{ wall, cpu time.Duration }

// exec runs p to completion and returns its wall time and its CPU time (user + system).
// With capture it also returns its standard output.
func execProc(p proc, capture bool) (timing, []byte, error) {
	c := exec.Command(p.args[0], p.args[1:]...)
	c.Stdin = strings.NewReader(p.stdin)
	var out bytes.Buffer
	var f *os.File
	var err error
	switch {
	case capture:
		c.Stdout = &out
	case p.stdout != "":
		f, err = os.Create(p.stdout)
	default:
		f, err = os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	}
	if err != nil {
		return timing{}, nil, err
	}
	if f != nil {
		defer f.Close()
		c.Stdout = f
	}
	var stderr bytes.Buffer
	c.Stderr = &stderr
	start := time.Now()
	err = c.Run()
	wall := time.Since(start)
	if err != nil {
		return timing{}, nil, fmt.Errorf("%s: %v: %s", strings.Join(p.args, " "), err, lastLines(stderr.String(), 3))
	}
	st := c.ProcessState
	return timing{wall: wall, cpu: st.UserTime() + st.SystemTime()}, out.Bytes(), nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}

// sample runs a sequence of processes (one timed unit) and returns the summed times.
func sample(ps ...proc) (timing, error) {
	var t timing
	for _, p := range ps {
		pt, _, err := execProc(p, false)
		if err != nil {
			return t, err
		}
		t.wall += pt.wall
		t.cpu += pt.cpu
	}
	return t, nil
}

type stat struct {
	wall, cpu  time.Duration // medians
	min, max   time.Duration // of wall
	runs       int
	annotation string
}

func median(ts []timing) stat {
	walls := make([]time.Duration, len(ts))
	cpus := make([]time.Duration, len(ts))
	for i, t := range ts {
		walls[i], cpus[i] = t.wall, t.cpu
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	mid := func(d []time.Duration) time.Duration {
		if len(d)%2 == 1 {
			return d[len(d)/2]
		}
		return (d[len(d)/2-1] + d[len(d)/2]) / 2
	}
	return stat{wall: mid(walls), cpu: mid(cpus), min: walls[0], max: walls[len(walls)-1], runs: len(ts)}
}

// cmds builds the command lines of both tools for one database.
type cmds struct {
	b     *bench
	vault string // Confidant vault
	kdbx  string // KeePassXC database
}

func (c cmds) conf(args ...string) []string {
	return append([]string{c.b.confidant, "--vault", c.vault, "--passphrase-file", c.b.passFile}, args...)
}

func kpx(args ...string) []string { return append([]string{"keepassxc-cli"}, args...) }

var pwLine = passphrase + "\n"

// calibrate finds the Confidant work factor whose unlock costs about what keepassxc-cli's key derivation
// costs at --decryption-time 1000, each measured as the CPU time of one process on a database holding one
// entry, minus the same process at the nearly free setting.
func (b *bench) calibrate() (kdbxMS, wf int, how string, err error) {
	const ms = 1000
	dir := filepath.Join(b.work, "calibrate")
	os.MkdirAll(dir, 0o700)
	xmlPath := filepath.Join(dir, "one.xml")
	one := `<?xml version="1.0" encoding="UTF-8"?><KeePassFile><Meta><Generator>bench</Generator></Meta><Root><Group>` +
		`<UUID>` + uuid(0) + `</UUID><Name>Root</Name><Entry><UUID>` + uuid(1) + `</UUID>` +
		`<String><Key>Title</Key><Value>one</Value></String></Entry></Group></Root></KeePassFile>`
	if err := os.WriteFile(xmlPath, []byte(one), 0o600); err != nil {
		return 0, 0, "", err
	}
	const reps = 3
	measure := func(p proc) (time.Duration, error) {
		var ts []timing
		for range reps {
			t, err := sample(p)
			if err != nil {
				return 0, err
			}
			ts = append(ts, t)
		}
		return median(ts).cpu, nil // CPU time: less disturbed by other work on the machine than wall time
	}
	kdbx := func(name string, extra ...string) (time.Duration, error) {
		path := filepath.Join(dir, name+".kdbx")
		args := append(kpx("import", "-q", "-p"), extra...)
		if _, err := sample(proc{args: append(args, xmlPath, path), stdin: pwLine + pwLine}); err != nil {
			return 0, err
		}
		return measure(proc{args: kpx("ls", "-q", path), stdin: pwLine})
	}
	kFree, err := kdbx("free")
	if err != nil {
		return 0, 0, "", err
	}
	kSlow, err := kdbx("slow", "--decryption-time", strconv.Itoa(ms))
	if err != nil {
		return 0, 0, "", err
	}
	kCost := kSlow - kFree
	conf := func(w int) (time.Duration, error) {
		c := cmds{b: b, vault: filepath.Join(dir, fmt.Sprintf("wf%d.db", w))}
		if _, err := sample(proc{args: c.conf("init", "--work-factor", strconv.Itoa(w))}); err != nil {
			return 0, err
		}
		return measure(proc{args: c.conf("list")})
	}
	cFree, err := conf(10)
	if err != nil {
		return 0, 0, "", err
	}
	best, bestDiff := 0, time.Duration(1<<62)
	var parts []string
	for _, w := range []int{17, 18, 19} {
		t, err := conf(w)
		if err != nil {
			return 0, 0, "", err
		}
		cost := t - cFree
		parts = append(parts, fmt.Sprintf("%d: %s", w, sec(cost)))
		if d := (cost - kCost).Abs(); d < bestDiff {
			best, bestDiff = w, d
		}
	}
	how = fmt.Sprintf("keepassxc-cli --decryption-time %d costs %s of CPU time per unlock (ls of a one-entry database, median of %d, minus the same at its import default); "+
		"Confidant's scrypt costs, by work factor, %s (list of an empty vault, minus the same at work factor 10); work factor %d is the closest",
		ms, sec(kCost), reps, strings.Join(parts, ", "), best)
	log.Print("calibration: " + how)
	return ms, best, how, nil
}

type result struct {
	s     setting
	d     *dataset
	ops   []string
	conf  map[string]stat
	kdbx  map[string]stat
	info  []string
	floor []floorPart
}

// floorPart is one step that any import of the bundle into a new vault must
// take, timed on its own: together they bound from below what import can
// reach on this machine, whatever Confidant does inside.
type floorPart struct {
	name string
	st   stat
}

const (
	opList   = "open and list"
	opSearch = "search a word in notes"
	opShow   = "show one entry"
	opExport = "export everything"
	opAdd    = "add one entry"
	opImport = "import (create the database)"
)

func (b *bench) run(s setting, d *dataset) (result, error) {
	r := result{s: s, d: d, conf: map[string]stat{}, kdbx: map[string]stat{},
		ops: []string{opList, opSearch, opShow, opAdd, opExport, opImport}}
	log.Printf("%d entries, %s: %d runs per operation", d.n, s.describe(), s.runs)
	dir := filepath.Join(b.work, fmt.Sprintf("%s-%d", s.name, d.n))
	os.MkdirAll(dir, 0o700)
	for _, f := range []string{d.xml, d.bundle} { // into the page cache before the first timed import
		if data, err := os.ReadFile(f); err == nil {
			_ = data
		}
	}

	// Import: each run into a new file; the last one's databases are used below.
	var c cmds
	var confT, kdbxT []timing
	for i := range s.runs {
		c = cmds{b: b, vault: filepath.Join(dir, fmt.Sprintf("vault-%d.db", i)), kdbx: filepath.Join(dir, fmt.Sprintf("db-%d.kdbx", i))}
		t, err := sample(
			proc{args: c.conf("init", "--work-factor", strconv.Itoa(s.confidantWF))},
			proc{args: c.conf("import", d.bundle, "--identity", b.keyFile, "--yes")},
		)
		if err != nil {
			return r, err
		}
		confT = append(confT, t)
		args := kpx("import", "-q", "-p")
		if s.kdbxTime > 0 {
			args = append(args, "--decryption-time", strconv.Itoa(s.kdbxTime))
		}
		t, err = sample(proc{args: append(args, d.xml, c.kdbx), stdin: pwLine + pwLine})
		if err != nil {
			return r, err
		}
		kdbxT = append(kdbxT, t)
		if i < s.runs-1 {
			os.Remove(c.vault)
			os.Remove(c.kdbx)
		}
	}
	r.conf[opImport], r.kdbx[opImport] = median(confT), median(kdbxT)
	r.conf[opImport] = annotate(r.conf[opImport], "init + import")
	if s.kdbxTime == 0 {
		var err error
		if r.floor, err = b.importFloor(s, d, dir); err != nil {
			return r, err
		}
	}

	// Check both hold what was generated, and record the KeePassXC key derivation.
	out, err := b.capture(proc{args: kpx("db-info", "-q", c.kdbx), stdin: pwLine})
	if err != nil {
		return r, err
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "KDF:") || strings.HasPrefix(l, "Number of entries:") {
			r.info = append(r.info, "KeePassXC "+strings.ToLower(l))
		}
	}
	if fi, err := os.Stat(c.kdbx); err == nil {
		r.info = append(r.info, fmt.Sprintf("KeePassXC file %.1f MiB", float64(fi.Size())/(1<<20)))
	}
	if fi, err := os.Stat(c.vault); err == nil {
		r.info = append(r.info, fmt.Sprintf("Confidant file %.1f MiB", float64(fi.Size())/(1<<20)))
	}

	exportN := 0
	ops := []struct {
		name       string
		confP, kdP func() proc
		check      func(conf, kdbx []byte) error
	}{
		{opList,
			func() proc { return proc{args: c.conf("list")} },
			func() proc { return proc{args: kpx("ls", "-q", "-R", "-f", c.kdbx), stdin: pwLine} },
			func(co, ko []byte) error {
				return expect("list", count(co, "Client ")-0, count(ko, "Client "), d.n)
			}},
		{opSearch,
			func() proc { return proc{args: c.conf("search", searchWord)} },
			func() proc { return proc{args: kpx("search", "-q", c.kdbx, searchWord), stdin: pwLine} },
			func(co, ko []byte) error {
				return expect("search", count(co, "Client "), count(ko, "Client "), d.searchHits)
			}},
		{opShow,
			func() proc { return proc{args: c.conf("show", d.showTitle)} },
			func() proc { return proc{args: kpx("show", "-q", c.kdbx, d.showTitle), stdin: pwLine} },
			func(co, ko []byte) error { return expect("show", count(co, d.showTitle), count(ko, d.showTitle), 1) }},
		{opExport,
			func() proc {
				exportN++
				return proc{args: c.conf("backup", "--out", filepath.Join(dir, fmt.Sprintf("backup-%d.age", exportN)), "--recipient", b.recipient)}
			},
			func() proc {
				return proc{args: kpx("export", "-q", "-f", "csv", c.kdbx), stdin: pwLine, stdout: filepath.Join(dir, "export.csv")}
			},
			nil},
		{opAdd, // last: it changes both databases, one entry a run
			func() proc {
				exportN++
				return proc{args: c.conf("add", fmt.Sprintf("Added %d", exportN), "--field", "Username=added@example.com",
					"--secret", "Password", "--tag", "bench", "--note", "added by the benchmark"), stdin: "s3cret-value\n"}
			},
			func() proc {
				return proc{args: kpx("add", "-q", "-u", "added@example.com", "--notes", "added by the benchmark", "-p",
					c.kdbx, fmt.Sprintf("Added %d", exportN)), stdin: pwLine + "s3cret-value\n"}
			},
			nil},
	}
	for _, op := range ops {
		// One untimed run of each, to warm the page cache and check the output.
		co, err := b.capture(op.confP())
		if err != nil {
			return r, err
		}
		ko, err := b.capture(op.kdP())
		if err != nil {
			return r, err
		}
		if op.check != nil {
			if err := op.check(co, ko); err != nil {
				return r, err
			}
		}
		confT, kdbxT = nil, nil
		for range s.runs { // alternate the tools, so that changes in the machine's load hit both
			t, err := sample(op.confP())
			if err != nil {
				return r, err
			}
			confT = append(confT, t)
			t, err = sample(op.kdP())
			if err != nil {
				return r, err
			}
			kdbxT = append(kdbxT, t)
		}
		r.conf[op.name], r.kdbx[op.name] = median(confT), median(kdbxT)
		log.Printf("  %-28s Confidant %8s  KeePassXC %8s", op.name, sec(r.conf[op.name].wall), sec(r.kdbx[op.name].wall))
	}
	log.Printf("  %-28s Confidant %8s  KeePassXC %8s", opImport, sec(r.conf[opImport].wall), sec(r.kdbx[opImport].wall))
	return r, nil
}

// importFloor times, with the same runs, the steps an import into a new vault
// cannot skip: creating the vault (confidant init alone), decrypting the
// file (the stock age command, to /dev/null), and writing that many bytes
// once to a new file and syncing it (dd conv=fsync). Their sum is less than
// any import can take, since it leaves out parsing, sealing and indexing.
func (b *bench) importFloor(s setting, d *dataset, dir string) ([]floorPart, error) {
	scratch := filepath.Join(dir, "floor")
	parts := []struct {
		name string
		p    proc
	}{
		{"confidant init alone", proc{args: cmds{b: b, vault: scratch}.conf("init", "--work-factor", strconv.Itoa(s.confidantWF))}},
		{"age -d of the file, to /dev/null", proc{args: []string{b.age, "-d", "-i", b.keyFile, "-o", os.DevNull, d.bundle}}},
		{"dd of the file into a new file, conv=fsync", proc{args: []string{"dd", "if=" + d.bundle, "of=" + scratch, "bs=1M", "conv=fsync", "status=none"}}},
	}
	var out []floorPart
	for _, part := range parts {
		var ts []timing
		for range s.runs {
			os.Remove(scratch)
			t, err := sample(part.p)
			if err != nil {
				return nil, err
			}
			ts = append(ts, t)
		}
		os.Remove(scratch)
		out = append(out, floorPart{part.name, median(ts)})
	}
	return out, nil
}

func annotate(s stat, a string) stat { s.annotation = a; return s }

func (b *bench) capture(p proc) ([]byte, error) {
	_, out, err := execProc(p, true)
	return out, err
}

func count(out []byte, sub string) int { return bytes.Count(out, []byte(sub)) }

func expect(what string, conf, kdbx, want int) error {
	if conf < want || kdbx < want {
		return fmt.Errorf("%s: want %d matching lines from each tool, got Confidant %d, KeePassXC %d", what, want, conf, kdbx)
	}
	return nil
}

func sec(d time.Duration) string {
	switch {
	case d.Abs() >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d.Abs() >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	default:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	}
}

func ratio(a, b time.Duration) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

func (r result) table() string {
	var t strings.Builder
	fmt.Fprintf(&t, "%d entries; %s; median of %d runs\n\n", r.d.n, r.s.describe(), r.s.runs)
	t.WriteString("| Operation | Confidant | KeePassXC | Confidant / KeePassXC | CPU: Confidant | CPU: KeePassXC | CPU ratio |\n")
	t.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, op := range r.ops {
		c, k := r.conf[op], r.kdbx[op]
		name := op
		if c.annotation != "" {
			name += " (Confidant: " + c.annotation + ")"
		}
		marker := ""
		if r.s.kdbxTime == 0 && float64(c.wall) > 0.1*float64(k.wall) {
			marker = " ✗"
		}
		fmt.Fprintf(&t, "| %s | %s | %s | **%s**%s | %s | %s | %s |\n", name, sec(c.wall), sec(k.wall), ratio(c.wall, k.wall), marker,
			sec(c.cpu), sec(k.cpu), ratio(c.cpu, k.cpu))
	}
	if len(r.info) > 0 {
		t.WriteString("\n" + strings.Join(r.info, "; ") + ".\n")
	}
	if len(r.floor) > 0 {
		var sum time.Duration
		var parts []string
		for _, f := range r.floor {
			sum += f.st.wall
			parts = append(parts, fmt.Sprintf("%s %s", f.name, sec(f.st.wall)))
		}
		fmt.Fprintf(&t, "\nA floor for import on this machine (medians of the same number of runs): %s; together %s, "+
			"against %s for a ratio of 0.1.\n", strings.Join(parts, ", "), sec(sum), sec(r.kdbx[opImport].wall/10))
	}
	return t.String()
}

func report(machine []string, command string, settings []setting, results []result, elapsed time.Duration) string {
	var m strings.Builder
	m.WriteString(beginMark + "\n\n")
	m.WriteString("### Machine\n\n")
	for _, l := range machine {
		m.WriteString("- " + l + "\n")
	}
	m.WriteString("\n### Command\n\n```\n" + command + "\n```\n\n")
	fmt.Fprintf(&m, "It took %s. Times are whole processes, started from Go (`os/exec`), from start to exit: wall-clock "+
		"medians, with the CPU time (user + system) of the same runs beside them, which the load of other work on the machine "+
		"disturbs less. Each operation had one untimed run first (warming the page cache and checking the output).\n\n", elapsed)
	for _, s := range settings {
		if s.calibration != "" {
			m.WriteString("Calibration of the one-second setting: " + s.calibration + ".\n\n")
		}
	}
	for _, r := range results {
		m.WriteString("### " + strconv.Itoa(r.d.n) + " entries, " + r.s.name + " key derivation\n\n")
		m.WriteString(r.table() + "\n")
	}
	m.WriteString("✗: above the target ratio of 0.1 (free key derivation only).\n\n")
	m.WriteString(endMark + "\n")
	return m.String()
}

// writeSection puts md between the markers under heading in path; without them it appends the heading and md.
func writeSection(path, md string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	s := string(old)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i >= 0 && j > i {
		s = s[:i] + md + strings.TrimPrefix(s[j+len(endMark):], "\n")
	} else {
		s = strings.TrimRight(s, "\n") + "\n\n" + heading + "\n\n" + md
	}
	return os.WriteFile(path, []byte(s), 0o644)
}

func describeMachine() []string {
	var m []string
	m = append(m, fmt.Sprintf("CPUs (`nproc`): %d", runtime.NumCPU()))
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				m = append(m, "CPU: "+strings.TrimSpace(l[strings.Index(l, ":")+1:]))
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(strings.SplitN(string(b), "\n", 2)[0])
		if kb, err := strconv.Atoi(f[1]); len(f) > 1 && err == nil {
			m = append(m, fmt.Sprintf("memory: %.0f GiB", float64(kb)/(1<<20)))
		}
	}
	if out, err := exec.Command("uname", "-sr").Output(); err == nil {
		m = append(m, "kernel: "+strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command("df", "-T", os.TempDir()).Output(); err == nil {
		if l := strings.Split(strings.TrimSpace(string(out)), "\n"); len(l) == 2 {
			f := strings.Fields(l[1])
			m = append(m, fmt.Sprintf("files in %s: %s on %s", os.TempDir(), f[1], f[0]))
		}
	}
	if out, err := exec.Command("go", "version").Output(); err == nil {
		m = append(m, "Confidant built with "+strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command("keepassxc-cli", "--version").Output(); err == nil {
		m = append(m, "keepassxc-cli "+strings.TrimSpace(string(out))+" (Debian package)")
	}
	m = append(m, "load average at the start: "+loadAverage())
	return m
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}
