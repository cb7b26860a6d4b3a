package crypto

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// The header of a vault value, written and read here rather than by age.
// age's own header code is general (any stanzas, wrapped bodies, labels)
// and allocates as it goes: it was 30 to 40 µs of every value opened or
// sealed, a third of an import's CPU and most of reading 512 small values
// for an export. A vault value's header has one fixed shape, byte for byte
// what age writes for a lone confidant-vk stanza:
//
//	age-encryption.org/v1
//	-> confidant-vk <salt: 16 bytes, 22 characters of unpadded base64>
//	<body: the 16-byte file key sealed, 32 bytes, 43 characters>
//	--- <MAC: 32 bytes, 43 characters>
//
// Seal writes that shape; Open reads it, and hands anything else to age,
// so that a value is accepted exactly when age accepts it (FuzzOpen and
// TestSeal_AgeOpens check both directions against age).
const (
	vkIntro    = "age-encryption.org/v1\n-> " + stanzaType + " "
	b64Salt    = 22                                            // base64.RawStdEncoding.EncodedLen(stanzaSaltLen)
	b64Body    = 43                                            // of fileKeySize + the AEAD's tag
	b64MAC     = 43                                            // of sha256.Size
	vkMACStart = len(vkIntro) + b64Salt + 1 + b64Body + 1      // where "---" starts
	vkHeader   = vkMACStart + len("--- ") + b64MAC + len("\n") // the whole header
)

var b64 = base64.RawStdEncoding.Strict()

// headerMAC is age's header MAC: HMAC-SHA256 under HKDF-SHA256(file key,
// "header") of the header up to and including "---".
func headerMAC(fileKey, header []byte) [sha256.Size]byte {
	key := hkdfSHA256(fileKey, nil, "header")
	mac := hmacSHA256(key[:], header)
	clear(key[:])
	return mac
}

// appendVKHeader appends the header of a new vault value and its payload
// nonce to dst, and returns them with the value's file key.
func (k *Keys) appendVKHeader(dst []byte) (out, fileKey, nonce []byte, err error) {
	var random [stanzaSaltLen + fileKeySize + streamNonceSize]byte
	if _, err := rand.Read(random[:]); err != nil {
		return nil, nil, nil, err
	}
	salt, fileKey := random[:stanzaSaltLen], random[stanzaSaltLen:stanzaSaltLen+fileKeySize]
	aead := stanzaAEAD(k.vaultKey, salt)
	var body [fileKeySize + chacha20poly1305.Overhead]byte
	aead.Seal(body[:0], zeroNonce, fileKey, nil)
	start := len(dst)
	dst = append(dst, vkIntro...)
	dst = b64.AppendEncode(dst, salt)
	dst = append(dst, '\n')
	dst = b64.AppendEncode(dst, body[:])
	dst = append(dst, "\n---"...)
	mac := headerMAC(fileKey, dst[start:])
	dst = append(dst, ' ')
	dst = b64.AppendEncode(dst, mac[:])
	dst = append(dst, '\n')
	dst = append(dst, random[stanzaSaltLen+fileKeySize:]...)
	fileKey = bytes.Clone(fileKey)
	clear(random[:])
	return dst, fileKey, dst[len(dst)-streamNonceSize:], nil
}

// vkFileKey returns the file key of value if its header has the one shape
// Seal writes, and the header's length; ok is false for any other shape,
// which age then reads. A header of that shape that the vault key does not
// open, or whose MAC is wrong, is an error, as it is to age.
func (k *Keys) vkFileKey(value []byte) (fileKey []byte, n int, ok bool, err error) {
	if len(value) < vkHeader || string(value[:len(vkIntro)]) != vkIntro {
		return nil, 0, false, nil
	}
	at := len(vkIntro)
	field := func(n int, end string) []byte {
		if at+n+len(end) > len(value) || string(value[at+n:at+n+len(end)]) != end {
			return nil
		}
		b, err := b64.DecodeString(string(value[at : at+n]))
		if err != nil {
			return nil
		}
		at += n + len(end)
		return b
	}
	salt := field(b64Salt, "\n")
	body := field(b64Body, "\n--- ")
	mac := field(b64MAC, "\n")
	if salt == nil || body == nil || mac == nil || at != vkHeader {
		return nil, 0, false, nil
	}
	fileKey, err = stanzaAEAD(k.vaultKey, salt).Open(nil, zeroNonce, body, nil)
	if err != nil {
		return nil, 0, true, fmt.Errorf("the vault key does not open this value")
	}
	if want := headerMAC(fileKey, value[:vkMACStart+len("---")]); !hmac.Equal(want[:], mac) {
		clear(fileKey)
		return nil, 0, true, fmt.Errorf("bad header MAC")
	}
	return fileKey, vkHeader, true, nil
}
