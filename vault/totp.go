package vault

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TOTP is a time-based one-time password's key (RFC 6238), as an
// authenticator app holds it: the codes a site asks for at login.
type TOTP struct {
	key    []byte
	digits int
	period time.Duration
	hash   func() hash.Hash
	alg    string // the hash's name in an otpauth URI
}

// ParseTOTP reads a one-time password's key as sites give it: an
// otpauth://totp/ URI (what a QR code holds; its secret, digits, period
// and algorithm), or the secret alone, in base32, as "set up manually"
// shows it (spaces and case do not matter). The error never quotes it.
func ParseTOTP(s string) (TOTP, error) {
	t := TOTP{digits: 6, period: 30 * time.Second, hash: sha1.New, alg: "SHA1"}
	secret := s
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "otpauth://") {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil || !strings.EqualFold(u.Host, "totp") {
			return TOTP{}, fmt.Errorf("%w: not an otpauth://totp/ address", ErrInvalid)
		}
		q := u.Query()
		secret = q.Get("secret")
		if d := q.Get("digits"); d != "" {
			n, err := strconv.Atoi(d)
			if err != nil || n < 6 || n > 10 {
				return TOTP{}, fmt.Errorf("%w: a one-time password has 6 to 10 digits", ErrInvalid)
			}
			t.digits = n
		}
		if p := q.Get("period"); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 3600 {
				return TOTP{}, fmt.Errorf("%w: a one-time password's period is 1 to 3600 seconds", ErrInvalid)
			}
			t.period = time.Duration(n) * time.Second
		}
		switch strings.ToUpper(q.Get("algorithm")) {
		case "", "SHA1":
		case "SHA256":
			t.hash, t.alg = sha256.New, "SHA256"
		case "SHA512":
			t.hash, t.alg = sha512.New, "SHA512"
		default:
			return TOTP{}, fmt.Errorf("%w: a one-time password's algorithm is SHA1, SHA256 or SHA512", ErrInvalid)
		}
	}
	secret = strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, secret))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(secret, "="))
	if err != nil || len(key) < 10 {
		return TOTP{}, fmt.Errorf("%w: a one-time password's key is a base32 secret of 16 characters or more", ErrInvalid)
	}
	t.key = key
	return t, nil
}

// Code returns the code at now and how long it stays valid.
func (t TOTP) Code(now time.Time) (code string, left time.Duration) {
	step := uint64(now.Unix()) / uint64(t.period/time.Second)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], step)
	mac := hmac.New(t.hash, t.key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := uint64(binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff)
	mod := uint64(1)
	for range t.digits {
		mod *= 10
	}
	code = fmt.Sprintf("%0*d", t.digits, v%mod)
	next := time.Unix(int64((step+1)*uint64(t.period/time.Second)), 0)
	return code, next.Sub(now)
}

// URI returns the key as an otpauth://totp/ URI, what a site's QR code
// holds and an authenticator app reads: issuer and account name it in the
// app's list (the dossier's title and username, say).
func (t TOTP) URI(issuer, account string) string {
	label := url.PathEscape(account)
	if issuer != "" {
		label = url.PathEscape(issuer) + ":" + label
	}
	q := url.Values{}
	q.Set("secret", base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(t.key))
	if issuer != "" {
		q.Set("issuer", issuer)
	}
	if t.digits != 6 {
		q.Set("digits", strconv.Itoa(t.digits))
	}
	if t.period != 30*time.Second {
		q.Set("period", strconv.Itoa(int(t.period/time.Second)))
	}
	if t.alg != "SHA1" {
		q.Set("algorithm", t.alg)
	}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// FieldTOTP returns the one-time password key a field holds: a field
// whose value is an otpauth://totp/ URI, or whose label names one (TOTP,
// OTP, 2FA, one-time password, authenticator) and whose value reads as a
// key.
func FieldTOTP(f Field) (TOTP, bool) {
	v := strings.TrimSpace(f.Value)
	if v == "" {
		return TOTP{}, false
	}
	named := false
	switch NormalizeLabel(f.Label) { // "One-time password", "otpSecret"
	case "totp", "otp", "2fa", "one time password", "authenticator", "authenticator key", "totp secret", "otp secret", "2fa secret", "otpauth":
		named = true
	}
	if !named && !strings.HasPrefix(strings.ToLower(v), "otpauth://totp/") {
		return TOTP{}, false
	}
	t, err := ParseTOTP(v)
	return t, err == nil
}
