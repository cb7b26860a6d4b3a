package crypto

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"filippo.io/age/plugin"
	"golang.org/x/crypto/ssh"
)

// Recipient is a public key a file can be encrypted to: an age X25519
// ("age1…"), post-quantum hybrid ("age1pq1…") or plugin ("age1yubikey1…")
// recipient, or an "ssh-ed25519" or "ssh-rsa" public key. It is not secret.
type Recipient struct {
	r    age.Recipient
	text string
	tag  string // for ssh keys: the 4-byte tag age writes in the stanza
}

// String returns the recipient as it was written.
func (r Recipient) String() string { return r.text }

// Tag returns, for an ssh key, the short tag age records in a file's header
// (so that a file can be matched to the key it was encrypted to), and "" for
// other recipients.
func (r Recipient) Tag() string { return r.tag }

// pluginUI talks to age plugins through the terminal (/dev/tty) when one is
// needed, and writes their messages to msgs. Without a terminal a plugin that
// asks for input fails rather than hangs.
func pluginUI(msgs io.Writer) *plugin.ClientUI {
	if msgs == nil {
		msgs = io.Discard
	}
	say := func(format string, v ...any) { fmt.Fprintf(msgs, "confidant: "+format+"\n", v...) }
	// A question that cannot be asked (no terminal) fails the plugin, and
	// that failure is the one line the person reads ([ErrPlugin]), so the
	// warning that would come before it is dropped.
	return plugin.NewTerminalUI(say, func(string, ...any) {})
}

// ParseRecipient parses one recipient. Plugin recipients run their plugin
// (age-plugin-NAME on the PATH) only when a file is encrypted; its messages go
// to msgs. It returns an error wrapping [ErrRecipient] for anything else.
func ParseRecipient(s string, msgs io.Writer) (Recipient, error) {
	s = strings.TrimSpace(s)
	var r age.Recipient
	var err error
	var tag string
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		r, err = age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1") && strings.Count(s, "1") > 1:
		r, err = plugin.NewRecipient(s, pluginUI(msgs))
	case strings.HasPrefix(s, "age1"):
		r, err = age.ParseX25519Recipient(s)
	case strings.HasPrefix(s, "ssh-ed25519 "), strings.HasPrefix(s, "ssh-rsa "):
		r, err = agessh.ParseRecipient(s)
		if err == nil {
			if pk, _, _, _, perr := ssh.ParseAuthorizedKey([]byte(s)); perr == nil {
				tag = sshTag(pk)
			}
		}
	case strings.HasPrefix(s, "AGE-"):
		return Recipient{}, fmt.Errorf("%w: that is a secret identity, not a public recipient; never share it", ErrRecipient)
	default:
		return Recipient{}, fmt.Errorf("%w: %q (expected age1…, age1pq1…, ssh-ed25519 … or ssh-rsa …)", ErrRecipient, abbreviate(s))
	}
	if err != nil {
		// age's own words for a key cut short or mistyped are bech32's
		// ("separator '1' at invalid position"); say what to do instead.
		switch {
		case strings.HasPrefix(s, "age1pq1"):
			return Recipient{}, fmt.Errorf("%w: %q is not a whole post-quantum age public key; check that it was copied whole", ErrRecipient, abbreviate(s))
		case strings.HasPrefix(s, "age1") && strings.Count(s, "1") == 1 && len(s) != 62:
			return Recipient{}, fmt.Errorf("%w: %q has %d characters where an age public key has 62; check that it was copied whole", ErrRecipient, abbreviate(s), len(s))
		case strings.HasPrefix(s, "age1") && strings.Count(s, "1") == 1:
			return Recipient{}, fmt.Errorf("%w: %q is not an age public key: a character is wrong; check that it was copied whole", ErrRecipient, abbreviate(s))
		}
		return Recipient{}, fmt.Errorf("%w: %q: %v", ErrRecipient, abbreviate(s), err)
	}
	return Recipient{r: r, text: s, tag: tag}, nil
}

// ParseRecipientsFile parses a recipients file in age's format: one recipient
// a line, "#" comments and blank lines ignored.
func ParseRecipientsFile(data []byte, msgs io.Writer) ([]Recipient, error) {
	if len(data) > 1<<20 {
		return nil, fmt.Errorf("%w: the recipients file is over 1 MiB", ErrRecipient)
	}
	var out []Recipient
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := ParseRecipient(line, msgs)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the recipients file lists none", ErrRecipient)
	}
	return out, nil
}

func sshTag(pk ssh.PublicKey) string {
	h := sha256.Sum256(pk.Marshal())
	return base64.RawStdEncoding.EncodeToString(h[:4])
}

// abbreviate shortens what a person typed for an error message.
func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:37] + "…"
	}
	return s
}

// Identity opens files addressed to it: the vault's own handoff identity
// ([Keys.HandoffIdentity]), identities read from files ([ParseIdentities]),
// or a passphrase ([PassphraseIdentity]). It is valid as long as the value it
// came from.
type Identity struct {
	id age.Identity
}

// Plugin reports whether the identity is an age plugin's (AGE-PLUGIN-…),
// which runs a program that may ask its own questions on the terminal.
func (i Identity) Plugin() bool {
	_, ok := i.id.(pluginIdentity)
	return ok
}

// pluginIdentity is a plugin's identity whose failures say they are the
// plugin's: age passes a plugin's error on as it is, which read as a
// damaged file.
type pluginIdentity struct{ *plugin.Identity }

func (p pluginIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	key, err := p.Identity.Unwrap(stanzas)
	if err != nil && !errors.Is(err, age.ErrIncorrectIdentity) {
		return nil, fmt.Errorf("%w: %v", ErrPlugin, err)
	}
	return key, err
}

// HandoffIdentity returns the vault's identity for [Decrypt]. It is valid
// until [Keys.Wipe].
func (k *Keys) HandoffIdentity() Identity { return Identity{id: k.identity} }

// PassphraseIdentity returns an identity that opens a passphrase-encrypted
// (scrypt) file. get is called only if a file turns out to need a
// passphrase; it returns nil, nil when no passphrase is available, which
// makes [Decrypt] return [ErrPassphraseNeeded].
func PassphraseIdentity(get func() ([]byte, error)) Identity {
	return Identity{id: &lazyScrypt{get: get}}
}

type lazyScrypt struct {
	get   func() ([]byte, error)
	tried bool // a passphrase was offered
}

func (l *lazyScrypt) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	if len(stanzas) == 0 || stanzas[0].Type != "scrypt" {
		return nil, age.ErrIncorrectIdentity
	}
	pass, err := l.get()
	if err != nil {
		return nil, err
	}
	if len(pass) == 0 {
		return nil, age.ErrIncorrectIdentity
	}
	defer clear(pass)
	l.tried = true
	id, err := age.NewScryptIdentity(string(pass))
	if err != nil {
		return nil, age.ErrIncorrectIdentity
	}
	return id.Unwrap(stanzas)
}

// ParseIdentities reads an identity file: age identities ("AGE-SECRET-KEY-1…",
// "AGE-SECRET-KEY-PQ-1…", "AGE-PLUGIN-…", one a line) or an OpenSSH private
// key (ed25519 or RSA). A passphrase-protected ssh key asks askPass (nil:
// refuse); a plugin asks its questions on the terminal and writes its
// messages to msgs; name is the file's name for messages. It returns an
// error wrapping [ErrIdentity], which never quotes the file.
func ParseIdentities(data []byte, name string, askPass func(prompt string) ([]byte, error), msgs io.Writer) ([]Identity, error) {
	return parseIdentities(data, name, askPass, pluginUI(msgs))
}

// PluginPrompts is how an age plugin (a YubiKey's, say) reaches the person
// while it opens a file, for a program that holds the terminal itself: a
// message to show, a value to ask for (secret: a PIN, not echoed), a choice
// to confirm, and a sign that it waits for something outside the program
// (a touch). Ask and Confirm block until the person answers; an error
// cancels. Any func may be nil: the plugin is then told it cannot ask.
type PluginPrompts struct {
	Message func(plugin, text string)
	Ask     func(plugin, prompt string, secret bool) (string, error)
	Confirm func(plugin, prompt, yes, no string) (bool, error)
	Waiting func(plugin string)
}

func (p *PluginPrompts) clientUI() *plugin.ClientUI {
	ui := &plugin.ClientUI{WaitTimer: p.Waiting}
	if p.Message != nil {
		ui.DisplayMessage = func(name, message string) error { p.Message(name, message); return nil }
	}
	if p.Ask != nil {
		ui.RequestValue = p.Ask
	}
	if p.Confirm != nil {
		ui.Confirm = p.Confirm
	}
	return ui
}

// ParseIdentitiesPrompting is [ParseIdentities] for a program that holds
// the terminal: plugin identities ask through prompts, and an ssh key with
// a passphrase is refused (with [ErrIdentity]).
func ParseIdentitiesPrompting(data []byte, name string, prompts *PluginPrompts) ([]Identity, error) {
	return parseIdentities(data, name, nil, prompts.clientUI())
}

func parseIdentities(data []byte, name string, askPass func(prompt string) ([]byte, error), ui *plugin.ClientUI) ([]Identity, error) {
	if len(data) > 1<<20 {
		return nil, fmt.Errorf("%w: %s is over 1 MiB", ErrIdentity, name)
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(trimmed, []byte("age-encryption.org/")), bytes.HasPrefix(trimmed, []byte(armor.Header)):
		return nil, fmt.Errorf("%w: %s is itself age-encrypted, which is not supported; give a plain identity file", ErrIdentity, name)
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN")):
		id, err := agessh.ParseIdentity(trimmed)
		var missing *ssh.PassphraseMissingError
		if errors.As(err, &missing) {
			if askPass == nil || missing.PublicKey == nil {
				return nil, fmt.Errorf("%w: the ssh key in %s is passphrase-protected and there is no terminal to ask on", ErrIdentity, name)
			}
			eid, err := agessh.NewEncryptedSSHIdentity(missing.PublicKey, trimmed, func() ([]byte, error) {
				return askPass(fmt.Sprintf("Passphrase for the ssh key %s: ", name))
			})
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrIdentity, name, err)
			}
			return []Identity{{id: eid}}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s holds no ed25519 or RSA ssh private key", ErrIdentity, name)
		}
		return []Identity{{id: id}}, nil
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: %s is not text", ErrIdentity, name)
	}
	var out []Identity
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var id age.Identity
		var err error
		switch {
		case strings.HasPrefix(line, "AGE-PLUGIN-"):
			var pid *plugin.Identity
			if pid, err = plugin.NewIdentity(line, ui); err == nil {
				id = pluginIdentity{pid}
			}
		case strings.HasPrefix(line, "AGE-SECRET-KEY-PQ-1"):
			id, err = age.ParseHybridIdentity(line)
		case strings.HasPrefix(line, "AGE-SECRET-KEY-1"):
			id, err = age.ParseX25519Identity(line)
		case strings.HasPrefix(line, "age1"), strings.HasPrefix(line, "ssh-"):
			return nil, fmt.Errorf("%w: line %d of %s is a public recipient; give the secret identity file", ErrIdentity, n, name)
		default:
			err = errors.New("unknown identity type")
		}
		if err != nil {
			return nil, fmt.Errorf("%w: line %d of %s is not an age identity", ErrIdentity, n, name)
		}
		out = append(out, Identity{id: id})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrIdentity, name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s holds no identity", ErrIdentity, name)
	}
	return out, nil
}

// encryptWriter closes the age writer, then the armor writer.
type encryptWriter struct {
	io.Writer
	closers []io.Closer
}

func (w *encryptWriter) Close() error {
	for _, c := range w.closers {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return nil
}

func encrypt(dst io.Writer, armored bool, rs ...age.Recipient) (io.WriteCloser, error) {
	out := &encryptWriter{}
	if armored {
		aw := armor.NewWriter(dst)
		dst = aw
		defer func() { out.closers = append(out.closers, aw) }()
	}
	w, err := age.Encrypt(dst, rs...)
	if err != nil {
		return nil, err
	}
	out.Writer = w
	out.closers = append(out.closers, w)
	return out, nil
}

// EncryptTo returns a writer that encrypts what is written to it for rs and
// writes the age file to dst, ASCII-armored if armored is set. The file is
// complete only after Close returns nil. Post-quantum and classic recipients
// cannot be mixed (age refuses, so that the file is not weaker than its
// strongest recipient); that and an empty list return [ErrRecipient].
func EncryptTo(dst io.Writer, rs []Recipient, armored bool) (io.WriteCloser, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("%w: no recipient given", ErrRecipient)
	}
	if err := CheckRecipients(rs); err != nil {
		return nil, err
	}
	ars := make([]age.Recipient, len(rs))
	for i, r := range rs {
		if r.r == nil {
			return nil, fmt.Errorf("%w: empty recipient", ErrRecipient)
		}
		ars[i] = r.r
	}
	w, err := encrypt(dst, armored, ars...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRecipient, err)
	}
	return w, nil
}

// CheckRecipients returns [ErrMixedRecipients] for post-quantum recipients
// beside classic ones, which [EncryptTo] cannot encrypt to together; a
// caller checks before it shows what it is about to write.
func CheckRecipients(rs []Recipient) error {
	pq, classic := false, false
	for _, r := range rs {
		if _, ok := r.r.(*age.HybridRecipient); ok {
			pq = true
		} else {
			classic = true
		}
	}
	if pq && classic {
		return ErrMixedRecipients
	}
	return nil
}

// EncryptWithPassphrase is [EncryptTo] with age's passphrase (scrypt)
// recipient at 2^workFactor; `age -d` opens the file with the passphrase.
func EncryptWithPassphrase(dst io.Writer, passphrase []byte, workFactor int, armored bool) (io.WriteCloser, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	if workFactor < MinWorkFactor || workFactor > MaxWorkFactor {
		return nil, fmt.Errorf("%w: %d is not between %d and %d", ErrWorkFactor, workFactor, MinWorkFactor, MaxWorkFactor)
	}
	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(workFactor)
	return encrypt(dst, armored, r)
}

// NotForYouError is the error [Decrypt] returns when no identity opens the
// file. It wraps [ErrNotForYou] and says what age can tell about whom the
// file is for.
type NotForYouError struct {
	// For describes each recipient stanza: "an X25519 recipient (age1…)",
	// "an ssh-ed25519 key with tag Ab12Cd".
	For []string
	// SSHTags are the tags of the ssh keys the file is for; compare with
	// [Recipient.Tag] to name a known key.
	SSHTags []string
}

// Error says the file is not for this vault, and whom it is for when the
// file names them.
func (e *NotForYouError) Error() string {
	if len(e.For) == 0 {
		return ErrNotForYou.Error()
	}
	return fmt.Sprintf("%s; it is for %s", ErrNotForYou, strings.Join(e.For, ", "))
}

// Unwrap returns [ErrNotForYou].
func (e *NotForYouError) Unwrap() error { return ErrNotForYou }

func notForYou(header []byte) error {
	e := &NotForYouError{}
	for line := range strings.SplitSeq(string(header), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "->" {
			continue
		}
		switch f[1] {
		case "X25519":
			e.For = append(e.For, "an X25519 recipient (age1…, age cannot tell which)")
		case "mlkem768x25519":
			e.For = append(e.For, "a post-quantum recipient (age1pq1…, age cannot tell which)")
		case "ssh-ed25519", "ssh-rsa":
			tag := ""
			if len(f) > 2 {
				tag = f[2]
			}
			e.For = append(e.For, fmt.Sprintf("an %s key with tag %s", f[1], tag))
			e.SSHTags = append(e.SSHTags, tag)
		case "confidant-vk":
			e.For = append(e.For, "another vault's own key (a value copied out of a vault, not a handoff)")
		default:
			e.For = append(e.For, fmt.Sprintf("a %q recipient (an age plugin)", abbreviate(f[1])))
		}
	}
	return e
}

// limitReader fails with ErrTooLarge once more than limit bytes were read.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	return n, err
}

// Decrypt reads an age file from src, binary or ASCII-armored (detected),
// and returns its plaintext. It reads at most limit bytes of src and fails
// with [ErrTooLarge] past them, so a hostile file cannot fill memory.
//
// Failures wrap one of [ErrNotAgeFile], [ErrCorrupt] (truncated, tampered),
// [ErrNotForYou] (as a *[NotForYouError]), [ErrPassphraseNeeded],
// [ErrWrongPassphrase] or [ErrTooLarge]. The plaintext belongs to the caller,
// who should clear it when done.
func Decrypt(src io.Reader, limit int64, ids ...Identity) ([]byte, error) {
	plain, sender, err := DecryptSender(src, limit, ids...)
	sender.Wipe()
	return plain, err
}

// DecryptSender is [Decrypt] that also returns what the file says about its
// writer: the seals of a Confidant handoff, for [Sender.Verify]. The Sender
// is not nil when the error is nil.
func DecryptSender(src io.Reader, limit int64, ids ...Identity) ([]byte, *Sender, error) {
	plain, spy, fileKey, err := decrypt(src, limit, ids)
	if err != nil {
		return nil, nil, err
	}
	sender := spy.sender(fileKey, plain)
	clear(fileKey)
	return plain, sender, nil
}

func decrypt(src io.Reader, limit int64, ids []Identity) (plain []byte, spy *stanzaSpy, fileKey []byte, err error) {
	br := bufio.NewReaderSize(&limitReader{r: src, left: limit}, 64<<10)
	peek, err := br.Peek(1024 + len(armor.Header))
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, nil, nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	case err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull):
		return nil, nil, nil, err // not a file's contents: a read that failed
	}
	var in io.Reader = br
	switch trimmed := bytes.TrimLeft(peek, " \t\r\n"); {
	case bytes.HasPrefix(peek, []byte("age-encryption.org/")):
	case bytes.HasPrefix(trimmed, []byte(armor.Header)):
		in = armor.NewReader(br)
	case len(peek) == 0:
		return nil, nil, nil, fmt.Errorf("%w: it is empty", ErrNotAgeFile)
	default:
		return nil, nil, nil, ErrNotAgeFile
	}
	var aids []age.Identity
	var pass *lazyScrypt
	spy = &stanzaSpy{}
	for _, id := range ids {
		if id.id == nil {
			continue
		}
		if l, ok := id.id.(*lazyScrypt); ok {
			pass = l
			continue // offered last, so that it is asked for only if needed
		}
		// Each identity reports to the spy when it opens the file, so
		// that a sender's seal is checked only by the identity it is for.
		aids = append(aids, opener{id.id, spy})
	}
	if pass != nil {
		aids = append(aids, pass)
	}
	if len(aids) == 0 {
		aids = append(aids, noIdentity{})
	}
	// The whole file is read first and opened in place: age's own reader
	// copies every 64 KiB chunk through buffers of its own, and reading its
	// output with io.ReadAll grew a slice by doubling, which together took
	// 140 ms of CPU for an 8.7 MB handoff.
	hint := int64(64 << 10)
	if s, ok := src.(interface{ Size() int64 }); ok && s.Size() > 0 {
		hint = min(s.Size(), limit) + 1 // +1: the read that sees the end
	}
	file, err := readAllHint(in, hint)
	if err != nil {
		clear(file)
		return nil, nil, nil, classify(err, nil, pass)
	}
	hdr, err := age.ExtractHeader(bytes.NewReader(file))
	if err != nil || !bytes.HasPrefix(file, hdr) {
		if err == nil {
			err = errors.New("malformed header")
		}
		return nil, nil, nil, classify(err, file[:min(len(file), 64<<10)], pass)
	}
	// The spy collects the sender's seals from a header of its own: age
	// stops at the first identity that opens the file.
	age.DecryptHeader(hdr, spy)
	fileKey, err = age.DecryptHeader(hdr, aids...)
	if err != nil {
		return nil, nil, nil, classify(err, hdr, pass)
	}
	plain, err = openPayloadInPlace(fileKey, file[len(hdr):], file)
	if err != nil {
		clear(fileKey)
		return nil, nil, nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return plain, spy, fileKey, nil
}

// Sized gives r the size of what it reads (0 if unknown), so that [Decrypt]
// can read it into one buffer of the right size at once.
func Sized(r io.Reader, size int64) io.Reader { return sizedReader{r, size} }

type sizedReader struct {
	io.Reader
	size int64
}

func (s sizedReader) Size() int64 { return s.size }

// readAllHint is io.ReadAll starting from a buffer of hint bytes.
func readAllHint(r io.Reader, hint int64) ([]byte, error) {
	b := make([]byte, 0, max(hint, 512))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// noIdentity matches nothing; it lets Decrypt report whom a file is for when
// it was given no identity at all.
type noIdentity struct{}

func (noIdentity) Unwrap([]*age.Stanza) ([]byte, error) { return nil, age.ErrIncorrectIdentity }

func classify(err error, header []byte, pass *lazyScrypt) error {
	var noMatch *age.NoIdentityMatchError
	var armorErr *armor.Error
	switch {
	case errors.Is(err, ErrTooLarge):
		return ErrTooLarge
	case errors.Is(err, ErrPlugin):
		return err
	case errors.As(err, &noMatch):
		for _, t := range noMatch.StanzaTypes {
			if t == "scrypt" {
				if pass != nil && pass.tried {
					return ErrWrongPassphrase
				}
				return ErrPassphraseNeeded
			}
		}
		if i := bytes.Index(header, []byte("\n---")); i >= 0 {
			header = header[:i]
		}
		return notForYou(header)
	case errors.As(err, &armorErr):
		return fmt.Errorf("%w: %v", ErrCorrupt, armorErr)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: it ends early", ErrCorrupt)
	}
	msg := err.Error()
	if strings.Contains(msg, "unknown format") || strings.Contains(msg, "version") {
		return fmt.Errorf("%w: %v", ErrNotAgeFile, err)
	}
	return fmt.Errorf("%w: %v", ErrCorrupt, err)
}
