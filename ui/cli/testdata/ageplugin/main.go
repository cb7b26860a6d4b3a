// Command ageplugin is an age plugin for the tests, installed as
// age-plugin-confidanttest: its recipients and identities carry an
// ordinary X25519 recipient or identity as their data, and it wraps and
// unwraps file keys with them through age's plugin protocol, so that the
// plugin code paths of confidant and of the age command run end to end
// without a hardware key.
//
// Like a hardware key's plugin, it can ask for a PIN: with
// CONFIDANTTEST_PIN set, an identity asks for it (a secret value) before
// it unwraps, fails on a wrong one, and then shows a message.
// `age-plugin-confidanttest --generate` prints a new identity, and its
// recipient in a comment, as age-plugin-yubikey --generate does.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"

	"filippo.io/age"
	"filippo.io/age/plugin"
)

const name = "confidanttest"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--generate" {
		x, err := age.GenerateX25519Identity()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("# recipient: %s\n%s\n", plugin.EncodeRecipient(name, []byte(x.Recipient().String())),
			plugin.EncodeIdentity(name, []byte(x.String())))
		return
	}
	p, err := plugin.New(name)
	if err != nil {
		log.Fatal(err)
	}
	p.HandleRecipient(func(data []byte) (age.Recipient, error) {
		return age.ParseX25519Recipient(string(data))
	})
	p.HandleIdentity(func(data []byte) (age.Identity, error) {
		id, err := age.ParseX25519Identity(string(data))
		if err != nil {
			return nil, err
		}
		if pin := os.Getenv("CONFIDANTTEST_PIN"); pin != "" {
			return pinIdentity{id: id, p: p, pin: pin}, nil
		}
		return id, nil
	})
	os.Exit(p.Main())
}

// pinIdentity asks for a PIN before it unwraps, as a hardware key does.
type pinIdentity struct {
	id  age.Identity
	p   *plugin.Plugin
	pin string
}

func (i pinIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	got, err := i.p.RequestValue("PIN of the test key", true)
	if err != nil {
		return nil, err
	}
	if got != i.pin {
		return nil, errors.New("wrong PIN")
	}
	key, err := i.id.Unwrap(stanzas)
	if err == nil {
		i.p.DisplayMessage("the test key opened the file")
	}
	return key, err
}
