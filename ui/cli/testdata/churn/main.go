// Command churn is a helper for the command line's fault tests: it opens a
// vault with the vault API and, until it is killed or has made -n changes,
// changes it at random (add, edit, attach, detach, move to the trash,
// restore from the trash), as a busy person would.
//
// Before each change it prints "try OP ID" (ID "-" for an add) and, once the
// change has returned, "ok OP ID VERSION WHERE ATTACHMENTS": WHERE is "live"
// or "trash", ATTACHMENTS is "-" or the dossier's attachments as
// NAME=SHA256 joined by commas, sorted. So the test knows which changes were
// acknowledged, what each left, and which one was in flight when it killed
// the process.
//
//	churn [-n N] [-seed S] VAULT PASSPHRASE-FILE
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"slices"
	"strings"

	"confidant/vault"
)

func main() {
	n := flag.Int("n", 0, "stop after this many changes (0: never)")
	seed := flag.Uint64("seed", 0, "seed of the random choices (0: random)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: churn [-n N] [-seed S] VAULT PASSPHRASE-FILE")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "churn:", err)
		os.Exit(1)
	}
}

func run(path, passFile string, n int, seed uint64) error {
	pass, err := os.ReadFile(passFile)
	if err != nil {
		return err
	}
	pass, _, _ = bytes.Cut(pass, []byte("\n"))
	s, err := vault.Open(path, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Unlock(pass); err != nil {
		return err
	}
	if seed == 0 {
		seed = mrand.Uint64()
	}
	rng := mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, a ...any) error {
		fmt.Fprintf(out, format+"\n", a...)
		return out.Flush()
	}
	for i := 0; n == 0 || i < n; i++ {
		live := s.List()
		trash, err := s.Trash()
		if err != nil {
			return err
		}
		op := pick(rng, len(live), len(trash))
		var d vault.Dossier
		switch op {
		case "add":
			if err := say("try add -"); err != nil {
				return err
			}
			nd := vault.New("churn "+rand.Text(), vault.KindClient)
			nd.Notes = rand.Text()
			nd.Fields = append(nd.Fields, vault.Field{Label: "Code", Value: rand.Text(), Type: vault.TypePassword, Secret: true})
			d, err = s.Add(nd)
		case "edit":
			d = live[rng.IntN(len(live))]
			if err := say("try edit %s", d.ID); err != nil {
				return err
			}
			d.Notes += "\n" + rand.Text()
			d, err = s.Save(d)
		case "attach":
			d = live[rng.IntN(len(live))]
			if err := say("try attach %s", d.ID); err != nil {
				return err
			}
			data := make([]byte, 1+rng.IntN(256<<10))
			rand.Read(data)
			d, err = s.Attach(d.ID, "scan-"+rand.Text()+".bin", "application/octet-stream", data)
		case "detach":
			d = live[rng.IntN(len(live))]
			if len(d.Attachments) == 0 {
				continue
			}
			if err := say("try detach %s", d.ID); err != nil {
				return err
			}
			d, err = s.Detach(d.ID, d.Attachments[rng.IntN(len(d.Attachments))].Name)
		case "rm":
			d = live[rng.IntN(len(live))]
			if err := say("try rm %s", d.ID); err != nil {
				return err
			}
			err = s.Delete(d.ID)
		case "restore":
			t := trash[rng.IntN(len(trash))]
			if err := say("try restore %s", t.Dossier.ID); err != nil {
				return err
			}
			d, err = s.RestoreTrash(t.Dossier.ID)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		where := "live"
		if op == "rm" {
			where = "trash"
		}
		if err := say("ok %s %s %d %s %s", op, d.ID, d.Version, where, attachments(d)); err != nil {
			return err
		}
	}
	return nil
}

// pick chooses the next change: mostly edits, enough adds to keep dossiers
// coming, and the rarer changes now and then.
func pick(rng *mrand.Rand, live, trashed int) string {
	if live == 0 {
		return "add"
	}
	switch r := rng.IntN(100); {
	case r < 25:
		return "add"
	case r < 60:
		return "edit"
	case r < 75:
		return "attach"
	case r < 83:
		return "detach"
	case r < 93:
		return "rm"
	case trashed > 0:
		return "restore"
	}
	return "edit"
}

// attachments returns a dossier's attachments as NAME=SHA256,… sorted, or "-".
func attachments(d vault.Dossier) string {
	var out []string
	for _, a := range d.Attachments {
		out = append(out, a.Name+"="+hex.EncodeToString(a.SHA256[:]))
	}
	if len(out) == 0 {
		return "-"
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}
