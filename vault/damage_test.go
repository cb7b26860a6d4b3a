package vault_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

// damageFixture is a closed vault with dossiers at chosen shards: victim and
// neighbour share shard 0x10, other is alone in 0x20, gone is in the trash,
// and other has an attachment.
type damageFixture struct {
	path                           string
	victim, neighbour, other, gone vault.ID
}

func newDamageFixture(t *testing.T) damageFixture {
	t.Helper()
	s, c := newClockStore(t)
	f := damageFixture{path: s.Path(), victim: idWith(0x10, 1), neighbour: idWith(0x10, 2), other: idWith(0x20, 3),
		gone: idWith(0x30, 4)}
	addAs(t, s, f.victim, sampleDossier())
	saveN(t, s, f.victim, 2) // versions 1 and 2 in its history, 3 current
	addAs(t, s, f.neighbour, vault.New("Neighbour", vault.KindContact))
	addAs(t, s, f.other, vault.New("Other", vault.KindVendor))
	if _, err := s.Attach(f.other, "scan.pdf", "application/pdf", []byte("%PDF")); err != nil {
		t.Fatal(err)
	}
	addAs(t, s, f.gone, vault.New("Gone", vault.KindNote))
	if err := s.Delete(f.gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c })
	return f
}

func shardKey(id vault.ID) []byte { return []byte{id[0]} }

func historyKey(id vault.ID, version uint64) []byte {
	k := bytes.Clone(id[:])
	return append(k, 0, 0, 0, 0, 0, 0, 0, byte(version))
}

func problemSet(rep vault.Report) []string {
	var out []string
	for _, p := range rep.Problems {
		where := p.Where
		if strings.HasPrefix(where, "log entry") {
			where = "log entry"
		}
		out = append(out, p.Dossier.Short()+" "+where)
	}
	slices.Sort(out)
	return out
}

func TestStore_Damage(t *testing.T) {
	type fixture = damageFixture
	for _, tc := range []struct {
		name    string
		damage  func(t *testing.T, f fixture, tx *bolt.Tx)
		damaged func(f fixture) []vault.ID // what Damaged() must name after Unlock
		// problems lists "shortID where" that Verify must report.
		problems func(f fixture) []string
	}{
		{
			name:     "clean",
			damage:   func(t *testing.T, f fixture, tx *bolt.Tx) {},
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return nil },
		},
		{
			name: "dossier and its shard",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				flip(t, tx, "dossiers", f.victim[:])
				flip(t, tx, "shards", shardKey(f.victim))
			},
			damaged: func(f fixture) []vault.ID { return []vault.ID{f.victim} },
			problems: func(f fixture) []string {
				return []string{f.victim.Short() + " dossier", f.victim.Short() + " index", f.neighbour.Short() + " index"}
			},
		},
		{
			name:     "shard only",
			damage:   func(t *testing.T, f fixture, tx *bolt.Tx) { flip(t, tx, "shards", shardKey(f.victim)) },
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return []string{f.victim.Short() + " index", f.neighbour.Short() + " index"} },
		},
		{
			name: "every shard deleted",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				for _, id := range []vault.ID{f.victim, f.other} {
					if err := tx.Bucket([]byte("shards")).Delete(shardKey(id)); err != nil {
						t.Fatal(err)
					}
				}
			},
			damaged: func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string {
				return []string{f.victim.Short() + " index", f.neighbour.Short() + " index", f.other.Short() + " index"}
			},
		},
		{
			name:    "summaries only",
			damage:  func(t *testing.T, f fixture, tx *bolt.Tx) { flip(t, tx, "summaries", shardKey(f.victim)) },
			damaged: func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string {
				return []string{f.victim.Short() + " summary", f.neighbour.Short() + " summary"}
			},
		},
		{
			name: "two shards' summaries swapped",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				swap(t, tx, "summaries", shardKey(f.victim), shardKey(f.other))
			},
			damaged: func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string {
				return []string{f.victim.Short() + " summary", f.neighbour.Short() + " summary", f.other.Short() + " summary"}
			},
		},
		{
			name:     "dossier only, its shard intact",
			damage:   func(t *testing.T, f fixture, tx *bolt.Tx) { flip(t, tx, "dossiers", f.victim[:]) },
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return []string{f.victim.Short() + " dossier"} },
		},
		{
			name: "two dossiers swapped",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				swap(t, tx, "dossiers", f.victim[:], f.other[:])
			},
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return []string{f.victim.Short() + " dossier", f.other.Short() + " dossier"} },
		},
		{
			name: "two dossiers swapped, their shards damaged",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				swap(t, tx, "dossiers", f.victim[:], f.other[:])
				flip(t, tx, "shards", shardKey(f.victim))
				flip(t, tx, "shards", shardKey(f.other))
			},
			damaged: func(f fixture) []vault.ID { return []vault.ID{f.victim, f.other} },
			problems: func(f fixture) []string {
				return []string{f.victim.Short() + " dossier", f.victim.Short() + " index", f.neighbour.Short() + " index",
					f.other.Short() + " dossier", f.other.Short() + " index"}
			},
		},
		{
			name: "two shards swapped",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				swap(t, tx, "shards", shardKey(f.victim), shardKey(f.other))
			},
			damaged: func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string {
				return []string{f.victim.Short() + " index", f.neighbour.Short() + " index", f.other.Short() + " index"}
			},
		},
		{
			name:     "history version",
			damage:   func(t *testing.T, f fixture, tx *bolt.Tx) { flip(t, tx, "history", historyKey(f.victim, 1)) },
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return []string{f.victim.Short() + " history version 1"} },
		},
		{
			name: "history versions swapped",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				swap(t, tx, "history", historyKey(f.victim, 1), historyKey(f.victim, 2))
			},
			damaged: func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string {
				return []string{f.victim.Short() + " history version 1", f.victim.Short() + " history version 2"}
			},
		},
		{
			name: "attachment",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				k, _ := tx.Bucket([]byte("attachments")).Cursor().First()
				flip(t, tx, "attachments", k)
			},
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return []string{f.other.Short() + " attachment scan.pdf"} },
		},
		{
			name:     "trash",
			damage:   func(t *testing.T, f fixture, tx *bolt.Tx) { flip(t, tx, "trash", f.gone[:]) },
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return []string{f.gone.Short() + " trash"} },
		},
		{
			name: "log entry",
			damage: func(t *testing.T, f fixture, tx *bolt.Tx) {
				k, _ := tx.Bucket([]byte("log")).Cursor().First()
				flip(t, tx, "log", k)
			},
			damaged:  func(f fixture) []vault.ID { return nil },
			problems: func(f fixture) []string { return []string{vault.ID{}.Short() + " log entry"} },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newDamageFixture(t)
			rawUpdate(t, f.path, func(tx *bolt.Tx) error { tc.damage(t, f, tx); return nil })
			s := openUnlocked(t, f.path, &vault.Options{Now: newClock().Now})

			damaged := tc.damaged(f)
			if got := s.Damaged(); !slices.Equal(got, damaged) {
				t.Fatalf("Damaged() = %v, want %v", got, damaged)
			}
			// Once every shard is read (Damaged reads them), the summaries
			// name exactly the dossiers that open.
			var listed, summarized []vault.ID
			for _, d := range s.List() {
				listed = append(listed, d.ID)
			}
			for _, x := range mustSummaries(t, s) {
				summarized = append(summarized, x.ID)
			}
			if !slices.Equal(listed, summarized) || len(listed)+len(damaged) != 3 {
				t.Errorf("List = %v, Summaries = %v, damaged %v: want the same, 3 in all", listed, summarized, damaged)
			}
			for _, id := range []vault.ID{f.victim, f.neighbour, f.other} {
				_, err := s.Get(id)
				if slices.Contains(damaged, id) {
					if !errors.Is(err, vault.ErrDamaged) {
						t.Errorf("Get of damaged %s = %v, want ErrDamaged", id.Short(), err)
					}
				} else if err != nil {
					t.Errorf("Get of intact %s = %v", id.Short(), err)
				}
			}
			if want := 3 - len(damaged); s.Len() != want || len(s.List()) != want {
				t.Errorf("Len %d, List %d; want %d", s.Len(), len(s.List()), want)
			}
			if d, err := s.Get(f.victim); err == nil && (d.Title != "Eleanor Vance" || d.Version != 3) {
				t.Errorf("victim opened as %q version %d, want its own version 3", d.Title, d.Version)
			}
			if d, err := s.Get(f.other); err == nil && d.Title != "Other" {
				t.Errorf("other opened as %q", d.Title)
			}

			rep, err := s.Verify()
			if err != nil {
				t.Fatal(err)
			}
			want := tc.problems(f)
			slices.Sort(want)
			if got := problemSet(rep); !slices.Equal(got, want) {
				t.Fatalf("Verify problems:\n got %q\nwant %q", got, want)
			}
			if rep.OK() != (len(want) == 0) {
				t.Fatalf("Report.OK() = %v with %d problems", rep.OK(), len(want))
			}
			if rep.Dossiers != 3 || rep.Values < 10 {
				t.Fatalf("Verify counted %d dossiers and %d values", rep.Dossiers, rep.Values)
			}
		})
	}
}

// TestStore_Damage_Readers checks that the readers of history, trash,
// attachments and the log report damage beside what still opens.
func TestStore_Damage_Readers(t *testing.T) {
	f := newDamageFixture(t)
	rawUpdate(t, f.path, func(tx *bolt.Tx) error {
		flip(t, tx, "history", historyKey(f.victim, 1))
		flip(t, tx, "trash", f.gone[:])
		k, _ := tx.Bucket([]byte("attachments")).Cursor().First()
		flip(t, tx, "attachments", k)
		k, _ = tx.Bucket([]byte("log")).Cursor().First()
		flip(t, tx, "log", k)
		return nil
	})
	s := openUnlocked(t, f.path, &vault.Options{Now: newClock().Now})
	if h, err := s.History(f.victim); !errors.Is(err, vault.ErrDamaged) || len(h) != 2 || h[0].Version != 3 || h[1].Version != 2 {
		t.Errorf("History = %d versions, %v; want versions 3 and 2 and ErrDamaged", len(h), err)
	}
	if items, err := s.Trash(); !errors.Is(err, vault.ErrDamaged) || len(items) != 0 {
		t.Errorf("Trash = %d, %v; want 0 and ErrDamaged", len(items), err)
	}
	if _, _, err := s.Attachment(f.other, "scan.pdf"); !errors.Is(err, vault.ErrDamaged) {
		t.Errorf("Attachment = %v, want ErrDamaged", err)
	}
	if events, err := s.Log(vault.ID{}); !errors.Is(err, vault.ErrDamaged) || len(events) == 0 {
		t.Errorf("Log = %d events, %v; want some and ErrDamaged", len(events), err)
	}
}

// TestStore_Damage_WriteAfter checks that writing beside a damaged dossier
// keeps the others and rewrites a good index.
func TestStore_Damage_WriteAfter(t *testing.T) {
	f := newDamageFixture(t)
	rawUpdate(t, f.path, func(tx *bolt.Tx) error {
		flip(t, tx, "dossiers", f.victim[:])
		flip(t, tx, "shards", shardKey(f.victim))
		return nil
	})
	o := &vault.Options{Now: newClock().Now}
	s := openUnlocked(t, f.path, o)
	d, err := s.Get(f.neighbour)
	if err != nil {
		t.Fatal(err)
	}
	d.Notes = "still here"
	if _, err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openUnlocked(t, f.path, o)
	if got, err := s.Get(f.neighbour); err != nil || got.Notes != "still here" {
		t.Fatalf("neighbour after reopening: %q, %v", got.Notes, err)
	}
	if got := s.Damaged(); !slices.Equal(got, []vault.ID{f.victim}) {
		t.Fatalf("Damaged() = %v, want the victim only", got)
	}
}

func TestOpen_NewerFormat(t *testing.T) {
	for _, tc := range []struct {
		name, format string
		want         error
	}{
		{"format 4", "4", vault.ErrNewerFormat},
		{"format 3", "3", nil},
		{"format 2", "2", nil},
		{"format 10", "10", vault.ErrNewerFormat},
		{"format 1", "1", nil},
		{"format 0", "0", vault.ErrNotVault},
		{"format not a number", "one", vault.ErrNotVault},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			path := s.Path()
			s.Close()
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("meta")).Put([]byte("format"), []byte(tc.format))
			})
			s, err := vault.Open(path, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
			if err == nil {
				s.Close()
			}
		})
	}
}

func TestOpen_NotVault(t *testing.T) {
	random := make([]byte, 64<<10)
	rand.Read(random)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, path string)
		want  error
	}{
		{"missing", func(t *testing.T, path string) {}, vault.ErrNoVault},
		{"text file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("shopping list: eggs, milk\n"), 0o600)
		}, vault.ErrNotVault},
		{"empty file", func(t *testing.T, path string) { os.WriteFile(path, nil, 0o600) }, vault.ErrNotVault},
		{"random bytes", func(t *testing.T, path string) { os.WriteFile(path, random, 0o600) }, vault.ErrNotVault},
		{"age file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("age-encryption.org/v1\n-> X25519 abc\n"), 0o600)
		}, vault.ErrNotVault},
		{"empty bbolt database", func(t *testing.T, path string) { rawUpdate(t, path, func(*bolt.Tx) error { return nil }) },
			vault.ErrNotVault},
		{"bbolt database of something else", func(t *testing.T, path string) {
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("meta"))
				if err != nil {
					return err
				}
				return b.Put([]byte("format"), []byte("1"))
			})
		}, vault.ErrNotVault},
		{"vault missing a bucket", func(t *testing.T, path string) {
			s, err := vault.Create(path, testPassphrase, vault.CreateOptions{WorkFactor: 10}, nil)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			rawUpdate(t, path, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("history")) })
		}, vault.ErrNotVault},
		{"directory", func(t *testing.T, path string) { os.Mkdir(path, 0o700) }, vault.ErrNotVault},
		{"named pipe", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skip(err)
			}
		}, vault.ErrNotVault},
		{"device", func(t *testing.T, path string) {
			if err := os.Symlink("/dev/null", path); err != nil {
				t.Skip(err)
			}
		}, vault.ErrNotVault},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vault.db")
			tc.setup(t, path)
			readable := func() []byte { // not a pipe: reading one waits for a writer
				if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
					return nil
				}
				b, _ := os.ReadFile(path)
				return b
			}
			before := readable()
			s, err := vault.Open(path, nil)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
			if after := readable(); !bytes.Equal(before, after) {
				t.Fatalf("Open changed a file that is not a vault")
			}
		})
	}
}

func TestCreate_Exists(t *testing.T) {
	s := newTestStore(t)
	a, _ := s.Add(sampleDossier())
	path := s.Path()
	s.Close()
	if _, err := vault.Create(path, []byte("other"), vault.CreateOptions{WorkFactor: 10}, nil); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("Create over a vault = %v, want ErrExists", err)
	}
	s = openUnlocked(t, path, nil)
	if _, err := s.Get(a.ID); err != nil {
		t.Fatalf("Create over a vault damaged it: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("vault file mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestCreate_Permissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "confidant")
	path := filepath.Join(dir, "vault.db")
	s, err := vault.Create(path, testPassphrase, vault.CreateOptions{WorkFactor: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		path string
		want os.FileMode
	}{{dir, 0o700}, {path, 0o600}} {
		fi, err := os.Stat(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != tc.want {
			t.Errorf("%s has mode %v, want %v", tc.path, fi.Mode().Perm(), tc.want)
		}
	}
	if wf, err := s.WorkFactor(); err != nil || wf != 10 {
		t.Fatalf("WorkFactor = %d, %v; want 10", wf, err)
	}
}

// holdEnv names the vault a child test process opens and holds.
const holdEnv = "CONFIDANT_TEST_HOLD_VAULT"

// TestHelperHoldVault is not a test: run by TestOpen_InUse in a child
// process, it opens the vault named by $CONFIDANT_TEST_HOLD_VAULT, says
// "ready", and holds it until its standard input closes.
func TestHelperHoldVault(t *testing.T) {
	path := os.Getenv(holdEnv)
	if path == "" {
		t.Skip("helper process for TestOpen_InUse")
	}
	s, err := vault.Open(path, nil)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes it
	s.Close()
	os.Exit(0)
}

func TestOpen_InUse(t *testing.T) {
	s := newTestStore(t)
	path := s.Path()
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldVault$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child process said %q, %v", line, err)
	}

	for _, o := range []*vault.Options{nil, {Timeout: 100 * time.Millisecond}} {
		s, err := vault.Open(path, o)
		if err == nil {
			s.Close()
		}
		if !errors.Is(err, vault.ErrInUse) {
			t.Fatalf("Open while another process holds the vault = %v, want ErrInUse", err)
		}
		if err.Error() != "vault is in use by another process" {
			t.Fatalf("error text %q", err)
		}
	}

	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child process: %v", err)
	}
	// Once the other process lets go, the vault opens.
	s, err = vault.Open(path, nil)
	if err != nil {
		t.Fatalf("Open after the other process closed = %v", err)
	}
	s.Close()
}

func mustSummaries(t testing.TB, s *vault.Store) []vault.Summary {
	t.Helper()
	l, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	return l
}
