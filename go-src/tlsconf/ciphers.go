package tlsconf

// OpenSSL cipher strings ("ECDHE-RSA-AES128-GCM-SHA256:HIGH:!aNULL") mapped
// onto the TLS 1.2 suites gostream offers. TLS 1.3 suites are not affected,
// as in PHP (the "ciphers" option only calls SSL_CTX_set_cipher_list).

import (
	"crypto/tls"
	"sort"
	"strconv"
	"strings"
)

type suiteInfo struct {
	id    uint16
	name  string // OpenSSL name
	ecdsa bool   // authentication: ECDSA, else RSA
	enc   string // "AES128", "AES256" (both GCM) or "CHACHA20"
	bits  int    // symmetric strength, for @STRENGTH and security_level
}

// allowedSuites are the only TLS 1.2 suites gostream will negotiate:
// forward secret (ECDHE) and AEAD. No CBC (LUCKY13), no RSA key exchange,
// no 3DES/RC4. Order is OpenSSL's default order for them.
var allowedSuites = []suiteInfo{
	{tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ECDHE-ECDSA-AES256-GCM-SHA384", true, "AES256", 256},
	{tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ECDHE-RSA-AES256-GCM-SHA384", false, "AES256", 256},
	{tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-ECDSA-CHACHA20-POLY1305", true, "CHACHA20", 256},
	{tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-RSA-CHACHA20-POLY1305", false, "CHACHA20", 256},
	{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ECDHE-ECDSA-AES128-GCM-SHA256", true, "AES128", 128},
	{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ECDHE-RSA-AES128-GCM-SHA256", false, "AES128", 128},
}

type suitePred func(suiteInfo) bool

var (
	selectAll  suitePred = func(suiteInfo) bool { return true }
	selectNone suitePred = func(suiteInfo) bool { return false }
	isAESGCM   suitePred = func(s suiteInfo) bool { return s.enc != "CHACHA20" }
)

func ecdsaWith(p suitePred) suitePred { return func(s suiteInfo) bool { return s.ecdsa && p(s) } }
func encIs(enc string) suitePred      { return func(s suiteInfo) bool { return s.enc == enc } }

// cipherKeywords is OpenSSL's alias table as it applies to allowedSuites.
// The selections were checked against `openssl ciphers -v KEYWORD` (3.0).
// Keywords that select only ciphers gostream lacks map to selectNone so
// strings such as "HIGH:!aNULL:!MD5:!RC4" keep working.
var cipherKeywords = map[string]suitePred{
	"ALL": selectAll, "DEFAULT": selectAll, "HIGH": selectAll, "TLSv1.2": selectAll,
	"kEECDH": selectAll, "kECDHE": selectAll, "ECDHE": selectAll, "EECDH": selectAll, "ECDH": selectAll,
	"FIPS": isAESGCM, "AES": isAESGCM, "AESGCM": isAESGCM,
	"AES128": encIs("AES128"), "AES256": encIs("AES256"), "CHACHA20": encIs("CHACHA20"),
	"aRSA":   func(s suiteInfo) bool { return !s.ecdsa },
	"aECDSA": func(s suiteInfo) bool { return s.ecdsa }, "ECDSA": func(s suiteInfo) bool { return s.ecdsa },
	"SUITEB128": ecdsaWith(isAESGCM), "SUITEB128ONLY": ecdsaWith(encIs("AES128")),
	"SUITEB192": ecdsaWith(encIs("AES256")), "SUITEB128C2": ecdsaWith(encIs("AES256")),
}

// cipherKeywordsNone select nothing gostream offers (weak, obsolete,
// unsupported key exchanges, CBC, PSK, ...), including aliases older
// OpenSSL versions knew.
var cipherKeywordsNone = []string{
	"COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT", "MEDIUM", "LOW",
	"EXP", "EXPORT", "EXPORT40", "EXPORT56", "EXPORT1024",
	"kRSA", "RSA", "kEDH", "kDHE", "EDH", "DHE", "DH", "kDH", "aDH", "kDHr", "kDHd",
	"kECDH", "aECDH", "kECDHr", "kECDHe", "AECDH", "ADH", "aNULL", "eNULL", "NULL",
	"aDSS", "DSS", "PSK", "kPSK", "aPSK", "kECDHEPSK", "kDHEPSK", "kRSAPSK", "ECDHEPSK", "DHEPSK", "RSAPSK",
	"SRP", "kSRP", "aSRP", "KRB5", "kKRB5", "aKRB5", "FZA", "kFZA", "aFZA", "eFZA",
	"AESCCM", "AESCCM8", "CAMELLIA", "CAMELLIA128", "CAMELLIA256", "ARIA", "ARIAGCM", "ARIA128", "ARIA256",
	"CBC", "MD5", "SHA1", "SHA", "SHA256", "SHA384",
	"TLSv1.0", "TLSv1", "SSLv3", "SSLv2", "3DES", "DES", "RC4", "RC2", "IDEA", "SEED",
	"GOST", "kGOST", "kGOST18", "aGOST", "aGOST01", "aGOST12", "GOST89MAC", "GOST94", "GOST2012", "GOST89", "GOST89MAC12",
	"KUZNYECHIK", "MAGMA", "CHACHA20POLY1305", "aCERT", "aEC", "kEC",
}

// tls13SuiteNames are accepted and ignored: Go always enables its TLS 1.3
// suites, and OpenSSL itself ignores them in a cipher list.
var tls13SuiteNames = map[string]bool{
	"TLS_AES_128_GCM_SHA256": true, "TLS_AES_256_GCM_SHA384": true, "TLS_CHACHA20_POLY1305_SHA256": true,
	"TLS_AES_128_CCM_SHA256": true, "TLS_AES_128_CCM_8_SHA256": true,
}

// openSSLNameParts is the vocabulary of OpenSSL cipher names. A token built
// only from these ("DHE-RSA-AES128-SHA", "EXP-RC4-MD5") is an OpenSSL suite
// gostream does not offer; anything else is a typo and an error.
var openSSLNameParts = map[string]bool{}

func init() {
	for _, k := range cipherKeywordsNone {
		cipherKeywords[k] = selectNone
	}
	for _, p := range strings.Fields(`ADH AECDH EDH DHE ECDHE ECDH DH EXP EXP1024 RSA DSS ECDSA PSK SRP KRB5
		NULL RC4 RC2 DES CBC CBC3 IDEA SEED AES AES128 AES256 CAMELLIA CAMELLIA128 CAMELLIA256
		ARIA128 ARIA256 GCM CCM CCM8 CHACHA20 POLY1305 MD5 SHA SHA256 SHA384 40 56 64 128 256
		GOST GOST94 GOST89 GOST2001 GOST2012 GOST8912 KUZNYECHIK KUZNYECHIKOMAC MAGMA MAGMAOMAC
		IANA LEGACY FZA`) {
		openSSLNameParts[p] = true
	}
}

// CipherSelection is the result of ParseCiphers.
type CipherSelection struct {
	Suites        []uint16 // TLS 1.2 suites, in OpenSSL's order (Go ignores the order)
	Refused       []string // cipher names PHP/OpenSSL knows that gostream does not offer
	SecurityLevel int      // from an "@SECLEVEL=n" directive, or -1
}

// ParseCiphers interprets an OpenSSL cipher string (separators ':' ',' ';'
// and space; prefixes '!' delete for good, '-' remove, '+' move to the end;
// "A+B" means both; "@STRENGTH" and "@SECLEVEL=n" directives). Unknown
// words are errors naming the word; names of real OpenSSL suites gostream
// does not offer are listed in Refused. A string that selects no allowed
// suite is an error.
func ParseCiphers(s string) (CipherSelection, error) {
	sel := CipherSelection{SecurityLevel: -1}
	n := len(allowedSuites)
	list := make([]int, n) // every suite, current order
	for i := range list {
		list[i] = i
	}
	active := make([]bool, n)
	dead := make([]bool, n)

	moveToEnd := func(match func(int) bool) {
		var moved, kept []int
		for _, i := range list {
			if match(i) {
				moved = append(moved, i)
			} else {
				kept = append(kept, i)
			}
		}
		list = append(kept, moved...)
	}

	tokens := strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == ',' || r == ';' || r == ' ' })
	for _, tok := range tokens {
		if strings.HasPrefix(tok, "@") {
			if err := cipherDirective(tok, s, &sel, list); err != nil {
				return sel, err
			}
			continue
		}
		op := byte(0)
		rule := tok
		if strings.IndexByte("!-+", tok[0]) >= 0 {
			op, rule = tok[0], tok[1:]
		}
		pred, known, err := cipherRule(rule, s)
		if err != nil {
			return sel, err
		}
		if !known && op == 0 {
			sel.Refused = append(sel.Refused, rule)
		}
		match := func(i int) bool { return pred(allowedSuites[i]) }
		switch op {
		case 0: // add matching suites not yet active, at the end
			moveToEnd(func(i int) bool { return match(i) && !active[i] && !dead[i] })
			for i := range n {
				if match(i) && !dead[i] {
					active[i] = true
				}
			}
		case '+':
			moveToEnd(func(i int) bool { return match(i) && active[i] })
		case '-', '!':
			for i := range n {
				if match(i) {
					active[i] = false
					dead[i] = dead[i] || op == '!'
				}
			}
		}
	}
	for _, i := range list {
		if active[i] {
			sel.Suites = append(sel.Suites, allowedSuites[i].id)
		}
	}
	if len(sel.Suites) == 0 {
		msg := "ciphers " + strconv.Quote(s) + " selects no cipher suite gostream allows (ECDHE with AES-GCM or ChaCha20-Poly1305)"
		if len(sel.Refused) > 0 {
			msg += "; not supported: " + strings.Join(sel.Refused, ", ")
		}
		return sel, &Error{Option: "ciphers", Cause: msg, Err: ErrBadOption, msg: msg}
	}
	return sel, nil
}

// cipherRule resolves one rule (without its prefix). known is false for a
// real OpenSSL suite name that gostream does not offer.
func cipherRule(rule, whole string) (pred suitePred, known bool, err error) {
	if rule == "" {
		return nil, false, optionError("ciphers", "empty rule in ciphers %q", whole)
	}
	if strings.Contains(rule, "+") {
		var preds []suitePred
		for _, part := range strings.Split(rule, "+") {
			p, ok := cipherKeywords[part]
			if !ok {
				return nil, false, unknownCipher(part, whole)
			}
			preds = append(preds, p)
		}
		return func(s suiteInfo) bool {
			for _, p := range preds {
				if !p(s) {
					return false
				}
			}
			return true
		}, true, nil
	}
	if p, ok := cipherKeywords[rule]; ok {
		return p, true, nil
	}
	for _, s := range allowedSuites {
		if rule == s.name || rule == tls.CipherSuiteName(s.id) {
			id := s.id
			return func(x suiteInfo) bool { return x.id == id }, true, nil
		}
	}
	if tls13SuiteNames[rule] || isOpenSSLSuiteName(rule) || isGoSuiteName(rule) {
		return selectNone, false, nil
	}
	return nil, false, unknownCipher(rule, whole)
}

func isOpenSSLSuiteName(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !openSSLNameParts[p] {
			return false
		}
	}
	return true
}

// isGoSuiteName accepts the IANA names Go knows (e.g. the CBC suites).
func isGoSuiteName(s string) bool {
	for _, list := range [][]*tls.CipherSuite{tls.CipherSuites(), tls.InsecureCipherSuites()} {
		for _, c := range list {
			if c.Name == s {
				return true
			}
		}
	}
	return false
}

func unknownCipher(word, whole string) error {
	msg := "unknown cipher " + strconv.Quote(word) + " in ciphers " + strconv.Quote(whole)
	if hint := caseHint(word); hint != "" {
		msg += " (names are case-sensitive: did you mean " + strconv.Quote(hint) + "?)"
	}
	return &Error{Option: "ciphers", Cause: msg, Err: ErrBadOption, msg: msg}
}

func caseHint(word string) string {
	for k := range cipherKeywords {
		if strings.EqualFold(k, word) {
			return k
		}
	}
	for _, s := range allowedSuites {
		if strings.EqualFold(s.name, word) {
			return s.name
		}
	}
	return ""
}

// cipherDirective handles "@STRENGTH" and "@SECLEVEL=n".
func cipherDirective(tok, whole string, sel *CipherSelection, list []int) error {
	switch {
	case tok == "@STRENGTH":
		// Stable sort of the whole list by strength keeps OpenSSL's order
		// within equal strengths.
		sort.SliceStable(list, func(a, b int) bool { return allowedSuites[list[a]].bits > allowedSuites[list[b]].bits })
		return nil
	case strings.HasPrefix(tok, "@SECLEVEL="):
		n, err := strconv.Atoi(strings.TrimPrefix(tok, "@SECLEVEL="))
		if err != nil || n < minSecurityLevel || n > maxSecurityLevel {
			return optionError("ciphers", "bad %q in ciphers %q: the level must be between %d and %d", tok, whole, minSecurityLevel, maxSecurityLevel)
		}
		sel.SecurityLevel = n
		return nil
	}
	return unknownCipher(tok, whole)
}
