package vault

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"confidant/crypto"
)

// Contact is an entry of the address book: a colleague's name and the public
// recipient handoffs to them are encrypted to. Contacts are sealed like
// dossiers, under random IDs.
type Contact struct {
	ID        ID
	Name      string
	Recipient string // "age1…", "age1pq1…", "ssh-ed25519 …", "ssh-rsa …" or a plugin recipient
	Added     time.Time
}

const contactVersion = 1

func (c Contact) appendRecord(b []byte) []byte {
	b = append(b, contactVersion)
	b = append(b, c.ID[:]...)
	b = appendString(b, c.Name)
	b = appendString(b, c.Recipient)
	return appendTime(b, c.Added)
}

func openContact(keys *crypto.Keys, id ID, sealed []byte) (Contact, error) {
	plain, err := keys.Open(sealed)
	if err != nil {
		return Contact{}, fmt.Errorf("contact %s: %w", id.Short(), ErrDamaged)
	}
	r := reader{b: plain}
	if v := r.bytes(1, "contact version"); v == nil || v[0] != contactVersion {
		return Contact{}, fmt.Errorf("contact %s: %w", id.Short(), ErrDamaged)
	}
	c := Contact{ID: r.id("id"), Name: r.string("name"), Recipient: r.string("recipient"), Added: r.time("added")}
	if r.err != nil || len(r.b) != 0 || c.ID != id {
		return Contact{}, fmt.Errorf("contact %s: %w", id.Short(), ErrDamaged)
	}
	return c, nil
}

// Contacts returns the address book sorted by name. A damaged entry is left
// out and reported in the error, wrapped in [ErrDamaged], beside the
// contacts that opened.
func (s *Store) Contacts() ([]Contact, error) {
	return readAll(s, readContacts)
}

// readContacts opens the address book as tx sees it, sorted by name; bad
// reports a damaged entry, which is left out.
func readContacts(tx *bolt.Tx, keys *crypto.Keys) (out []Contact, bad error) {
	out, bad = readBucket(tx, bucketContacts, keys, openContact)
	slices.SortFunc(out, func(a, b Contact) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, bad
}

// Contact returns the contact called name (case-insensitively), or
// [ErrNotFound].
func (s *Store) Contact(name string) (Contact, error) {
	cs, err := s.Contacts()
	for _, c := range cs {
		if strings.EqualFold(c.Name, strings.TrimSpace(name)) {
			return c, nil
		}
	}
	if err != nil {
		return Contact{}, err
	}
	return Contact{}, fmt.Errorf("contact %q: %w", name, ErrNotFound)
}

// AddContact adds a colleague to the address book, and logs it. The recipient is checked
// with [crypto.ParseRecipient]; a bad one returns an error wrapping
// [crypto.ErrRecipient]. A name already in use returns [ErrContactExists];
// the vault's own key, or a key already in the address book, an error
// wrapping [ErrInvalid].
func (s *Store) AddContact(name, recipient string) (Contact, error) {
	name, recipient = strings.TrimSpace(name), strings.TrimSpace(recipient)
	if name == "" || len(name) > maxLabel || strings.ContainsAny(name, "\n\t") {
		return Contact{}, fmt.Errorf("%w: a contact needs a one-line name", ErrInvalid)
	}
	if !utf8.ValidString(name) { // a backup, in JSON, would bring it back changed (see Dossier.Validate)
		return Contact{}, fmt.Errorf("%w: the contact's name is not UTF-8 text (is the terminal in another encoding?)", ErrInvalid)
	}
	if len(recipient) > maxTitle { // what a backup carries
		return Contact{}, fmt.Errorf("%w: a public key over %s", ErrInvalid, sizeText(maxTitle))
	}
	if _, err := crypto.ParseRecipient(recipient, nil); err != nil {
		return Contact{}, err
	}
	existing, _ := s.Contacts()
	if slices.ContainsFunc(existing, func(c Contact) bool { return strings.EqualFold(c.Name, name) }) {
		return Contact{}, fmt.Errorf("%w: %q", ErrContactExists, name)
	}
	// One key, one name: a handoff sealed by a vault is shown under the
	// name of its key (Store.CheckSender), and a file addressed to a key
	// pasted by mistake from `confidant recipient` would reach no colleague.
	if own, err := s.Recipient(); err == nil && sameKey(own, recipient) {
		return Contact{}, fmt.Errorf("%w: that is this vault's own key, not %s's; ask them for theirs (`confidant recipient` in their vault)", ErrInvalid, name)
	}
	if i := slices.IndexFunc(existing, func(c Contact) bool { return sameKey(c.Recipient, recipient) }); i >= 0 {
		return Contact{}, fmt.Errorf("%w: that key is already in the address book, as %s", ErrInvalid, existing[i].Name)
	}
	if len(existing) >= MaxBundleContacts { // what a backup carries
		return Contact{}, fmt.Errorf("%w: the address book holds %d contacts, the most a backup carries; remove some first", ErrInvalid, MaxBundleContacts)
	}
	var c Contact
	err := s.write(func(b *batch) error {
		c = Contact{ID: NewID(), Name: name, Recipient: recipient, Added: b.now}
		b.log(ActContactAdded, ID{}, name)
		return b.putContact(c)
	})
	return c, err
}

func (b *batch) putContact(c Contact) error {
	sealed, err := b.seal(c.appendRecord(nil))
	if err != nil {
		return err
	}
	return b.tx.Bucket(bucketContacts).Put(bytes.Clone(c.ID[:]), sealed)
}

// RemoveContact deletes the contact called name, or returns [ErrNotFound].
// The removal is logged.
func (s *Store) RemoveContact(name string) error {
	c, err := s.Contact(name)
	if err != nil {
		return err
	}
	return s.write(func(b *batch) error {
		b.log(ActContactRemoved, ID{}, c.Name)
		return b.tx.Bucket(bucketContacts).Delete(c.ID[:])
	})
}

// HandoffIdentity returns the vault's identity for decrypting a handoff
// addressed to it with [crypto.Decrypt], and false while the vault is locked.
// It is valid until the vault is locked.
func (s *Store) HandoffIdentity() (crypto.Identity, bool) {
	keys, err := s.unlockedKeys()
	if err != nil {
		return crypto.Identity{}, false
	}
	return keys.HandoffIdentity(), true
}

// sameKey reports whether two recipients, as [crypto.ParseRecipient] takes
// them, are one key: an ssh key's comment is not part of it.
func sameKey(a, b string) bool {
	key := func(s string) string {
		f := strings.Fields(s)
		if len(f) >= 2 && strings.HasPrefix(f[0], "ssh-") {
			return f[0] + " " + f[1]
		}
		return strings.TrimSpace(s)
	}
	return key(a) == key(b)
}
