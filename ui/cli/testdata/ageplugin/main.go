// Command ageplugin is an age plugin for the tests, installed as
// age-plugin-confidanttest: its recipients and identities carry an
// ordinary X25519 recipient or identity as their data, and it wraps and
// unwraps file keys with them through age's plugin protocol, so that the
// plugin code paths of confidant and of the age command run end to end
// without a hardware key.
package main

import (
	"log"
	"os"

	"filippo.io/age"
	"filippo.io/age/plugin"
)

func main() {
	p, err := plugin.New("confidanttest")
	if err != nil {
		log.Fatal(err)
	}
	p.HandleRecipient(func(data []byte) (age.Recipient, error) {
		return age.ParseX25519Recipient(string(data))
	})
	p.HandleIdentity(func(data []byte) (age.Identity, error) {
		return age.ParseX25519Identity(string(data))
	})
	os.Exit(p.Main())
}
