// Command burst is a helper for the command line's tests: it opens a vault
// with the vault API and adds dossiers one after another, printing each ID
// on its own line once Add has returned, until it is killed or has added -n.
//
//	burst VAULT PASSPHRASE-FILE [-n N]
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"flag"
	"fmt"
	"os"

	"confidant/vault"
)

func main() {
	n := flag.Int("n", 0, "stop after adding this many dossiers (0: never)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: burst [-n N] VAULT PASSPHRASE-FILE")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *n); err != nil {
		fmt.Fprintln(os.Stderr, "burst:", err)
		os.Exit(1)
	}
}

func run(path, passFile string, n int) error {
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
	out := bufio.NewWriter(os.Stdout)
	for i := 0; n == 0 || i < n; i++ {
		d := vault.New("burst "+rand.Text(), vault.KindClient)
		d.Notes = rand.Text()
		d.Tags = []string{"burst"}
		d.Fields = append(d.Fields, vault.Field{Label: "Code", Value: rand.Text(), Type: vault.TypePassword, Secret: true})
		d, err := s.Add(d)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, d.ID)
		if err := out.Flush(); err != nil {
			return err
		}
		if i%3 == 2 {
			// Every third dossier is edited once too, so that a kill can land
			// in a Save as well as in an Add.
			d.Notes += "\n" + rand.Text()
			if _, err := s.Save(d); err != nil {
				return err
			}
		}
	}
	return nil
}
