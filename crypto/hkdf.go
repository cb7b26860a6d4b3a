package crypto

import "crypto/sha256"

// Every vault value derives three keys (the stanza key, the header MAC key
// and the payload key), each by HKDF-SHA256, and MACs its header with
// HMAC-SHA256. crypto/hmac allocates two hash states and their buffers per
// call, and crypto/hkdf two HMACs per key: seven HMACs and about sixty
// allocations a value, which was a fifth of an import's CPU. The inputs here
// are short (keys of 16 or 32 bytes, messages of at most a header), so the
// same constructions are computed below with sha256.Sum256 over buffers on
// the stack. TestHMAC and FuzzHKDF check them against crypto/hmac and
// crypto/hkdf; the age tests check whole values against age.

// hmacSHA256 is HMAC-SHA256 (RFC 2104) of the concatenation of parts under
// key.
func hmacSHA256(key []byte, parts ...[]byte) [sha256.Size]byte {
	var k [sha256.BlockSize]byte
	if len(key) > len(k) {
		sum := sha256.Sum256(key)
		key = sum[:]
	}
	copy(k[:], key)
	var buf [sha256.BlockSize + 192]byte // a vault value's header fits
	in := buf[:sha256.BlockSize]
	for i := range k {
		in[i] = k[i] ^ 0x36
	}
	for _, p := range parts {
		in = append(in, p...) // a longer message moves to the heap
	}
	inner := sha256.Sum256(in)
	clear(in)
	var out [sha256.BlockSize + sha256.Size]byte
	for i := range k {
		out[i] = k[i] ^ 0x5c
	}
	copy(out[sha256.BlockSize:], inner[:])
	clear(k[:])
	mac := sha256.Sum256(out[:])
	clear(out[:])
	return mac
}

// hkdfSHA256 is HKDF-SHA256 (RFC 5869) of secret with salt and info, one
// block long: the 32 bytes of every key derived here. An empty salt is the
// RFC's default of zeros (HMAC pads its key with zeros).
func hkdfSHA256(secret, salt []byte, info string) [sha256.Size]byte {
	prk := hmacSHA256(salt, secret)
	okm := hmacSHA256(prk[:], []byte(info), []byte{1})
	clear(prk[:])
	return okm
}
