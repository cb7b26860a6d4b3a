package crypto

import (
	"bytes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// The payload of an age file (age-encryption.org/v1): a 16-byte nonce, then
// the plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305 under
// HKDF-SHA256(file key, nonce, "payload"), with an 11-byte big-endian chunk
// counter and a last-chunk flag as the nonce. age's own readers and writers
// copy every chunk through a 64 KiB buffer of their own; a vault value is
// already in memory, so Seal and Open below handle the header themselves
// (vkheader.go) and seal or open the payload in place, straight into a
// buffer of the exact size. Unlocking 10,000 dossiers then allocates about
// a third as much. The tests check both against age's Encrypt and Decrypt.
const (
	streamNonceSize = 16
	chunkSize       = 64 << 10
	encChunkSize    = chunkSize + chacha20poly1305.Overhead
)

var errPayload = errors.New("the payload is truncated or damaged")

// payloadAEAD is the cipher of a payload's chunks.
func payloadAEAD(fileKey, nonce []byte) cipher.AEAD {
	k := hkdfSHA256(fileKey, nonce, "payload")
	defer clear(k[:])
	aead, err := chacha20poly1305.New(k[:])
	if err != nil {
		panic("crypto: " + err.Error())
	}
	return aead
}

// plaintextSize returns the size of the plaintext of an encrypted payload
// (after the nonce) of n bytes, or false if no payload has that size: only
// an empty plaintext may have, and must have, one empty chunk.
func plaintextSize(n int) (int, bool) {
	chunks := (n + encChunkSize - 1) / encChunkSize
	size := n - chunks*chacha20poly1305.Overhead
	want := (size + chunkSize - 1) / chunkSize
	if size == 0 {
		want = 1
	}
	return size, size >= 0 && chunks == want
}

// openPayloadInPlace opens an age payload (nonce and chunks), writing the
// plaintext into buf, which holds payload at or after its start (the
// plaintext is shorter than the chunks it comes from, so it never overtakes
// them). On failure, what was opened is cleared.
func openPayloadInPlace(fileKey, payload, buf []byte) ([]byte, error) {
	if len(payload) < streamNonceSize {
		return nil, errPayload
	}
	if _, ok := plaintextSize(len(payload) - streamNonceSize); !ok {
		return nil, errPayload
	}
	return openChunks(fileKey, payload, buf[:0], true)
}

// openChunks appends the opened chunks of payload to out. In place, each
// chunk is opened where it lies, then moved to the end of out, so out may
// share memory with payload as long as it starts at or before it; otherwise
// payload is only read (it may be bbolt's read-only memory map).
func openChunks(fileKey, payload, out []byte, inPlace bool) ([]byte, error) {
	nonce, body := payload[:streamNonceSize], payload[streamNonceSize:]
	aead := payloadAEAD(fileKey, nonce)
	var cn [chacha20poly1305.NonceSize]byte
	for i := 0; len(body) > 0; i++ {
		chunk := body[:min(len(body), encChunkSize)]
		body = body[len(chunk):]
		binary.BigEndian.PutUint64(cn[3:11], uint64(i))
		if len(body) == 0 {
			cn[11] = 1 // the last chunk
		}
		if !inPlace {
			var err error
			if out, err = aead.Open(out, cn[:], chunk, nil); err != nil {
				clear(out)
				return nil, errPayload
			}
			continue
		}
		plain, err := aead.Open(chunk[:0], cn[:], chunk, nil)
		if err != nil {
			clear(out)
			return nil, errPayload
		}
		out = append(out, plain...)
	}
	return out, nil
}

// appendPayload appends the chunks of plaintext, sealed under the payload
// key of fileKey and nonce, to dst.
func appendPayload(dst, fileKey, nonce, plaintext []byte) []byte {
	aead := payloadAEAD(fileKey, nonce)
	var cn [chacha20poly1305.NonceSize]byte
	for i := 0; ; i++ {
		chunk := plaintext[:min(len(plaintext), chunkSize)]
		plaintext = plaintext[len(chunk):]
		binary.BigEndian.PutUint64(cn[3:11], uint64(i))
		if len(plaintext) == 0 {
			cn[11] = 1
			return aead.Seal(dst, cn[:], chunk, nil)
		}
		dst = aead.Seal(dst, cn[:], chunk, nil)
	}
}

// Seal encrypts plaintext as an age file whose file key is wrapped by the
// vault key. Every call uses a fresh file key, so equal plaintexts give
// unrelated ciphertexts.
func (k *Keys) Seal(plaintext []byte) ([]byte, error) {
	out := make([]byte, 0, vkHeader+streamNonceSize+len(plaintext)+
		(len(plaintext)/chunkSize+1)*chacha20poly1305.Overhead)
	out, fileKey, nonce, err := k.appendVKHeader(out)
	if err != nil {
		return nil, fmt.Errorf("sealing: %w", err)
	}
	sealed := appendPayload(out, fileKey, nonce, plaintext)
	clear(fileKey)
	return sealed, nil
}

// Open decrypts a value sealed by [Keys.Seal] of the same keys. Any failure
// (damage, tampering, a value from another vault, a truncated file) returns
// an error wrapping [ErrDamaged]. The returned slice belongs to the caller;
// ciphertext is only read, so it may be a slice of bbolt's memory map.
func (k *Keys) Open(ciphertext []byte) ([]byte, error) {
	return k.OpenInto(nil, ciphertext)
}

// OpenInto is [Keys.Open] writing the plaintext into buf when it has room
// (a new buffer otherwise), for a caller that opens many values one after
// another and wants to reuse one buffer. On failure, buf is cleared of what
// was opened.
func (k *Keys) OpenInto(buf, ciphertext []byte) ([]byte, error) {
	fileKey, n, ok, err := k.vkFileKey(ciphertext)
	if !ok {
		// Not the shape Seal writes: age parses it, strictly, and checks
		// its MAC.
		if n = headerEnd(ciphertext); n < 0 {
			return nil, fmt.Errorf("%w: no age header", ErrDamaged)
		}
		fileKey, err = age.DecryptHeader(ciphertext[:n], vkIdentity{k.vaultKey})
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	payload := ciphertext[n:]
	size, ok := plaintextSize(len(payload) - streamNonceSize)
	if len(payload) < streamNonceSize || !ok {
		clear(fileKey)
		return nil, fmt.Errorf("%w: %v", ErrDamaged, errPayload)
	}
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	plain, err := openChunks(fileKey, payload, buf[:0], false)
	clear(fileKey)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return plain, nil
}

// headerEnd returns the length of the age header at the start of file: up
// to the end of its first line that starts with "---" (the MAC line; stanza
// lines start with "->" and their bodies are base64, which has no '-'), or
// -1. age.ExtractHeader finds the same after a full parse, at the cost of a
// parse and a 4 KiB buffer per value.
func headerEnd(file []byte) int {
	mac := bytes.Index(file, []byte("\n---"))
	if mac < 0 {
		return -1
	}
	nl := bytes.IndexByte(file[mac+1:], '\n')
	if nl < 0 {
		return -1
	}
	return mac + 1 + nl + 1
}
