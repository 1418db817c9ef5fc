package timeline

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The text analysis both adapters share, for multilingual chat: the
// Unicode word-break rules of Elasticsearch's standard tokenizer (letters
// and digits, with ' . : _ inside a word; Han, Hiragana, Katakana and Thai
// characters one token each), lower-cased and folded to ASCII where a
// letter has a plain form (Elasticsearch's lowercase + asciifolding
// filters). The Elasticsearch index uses exactly that analyzer; the
// PostgreSQL adapter stores the terms this code produces.

// token is one word of a text, with its byte offsets.
type token struct {
	term       string
	start, end int
}

// Terms are the normalised words of text, in order.
func Terms(text string) []string {
	toks := tokenize(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.term
	}
	return out
}

// Norm is text's terms joined by single spaces, with a space at both ends,
// so that a phrase is a substring match of " a b ".
func Norm(text string) string { return " " + strings.Join(Terms(text), " ") + " " }

// UniqueTerms are the distinct terms of text, sorted.
func UniqueTerms(text string) []string {
	t := Terms(text)
	slices.Sort(t)
	return slices.Compact(t)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_'
}

func isSingleton(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
}

func tokenize(text string) []token {
	var out []token
	rs := []rune(text)
	offs := make([]int, len(rs)+1)
	o := 0
	for i, r := range rs {
		offs[i] = o
		o += len(string(r))
	}
	offs[len(rs)] = o
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isSingleton(r):
			out = append(out, token{term: fold(string(r)), start: offs[i], end: offs[i+1]})
			i++
		case isWordRune(r):
			j := i + 1
			for j < len(rs) {
				if isWordRune(rs[j]) && !isSingleton(rs[j]) {
					j++
					continue
				}
				if strings.ContainsRune("'.:’", rs[j]) && j+1 < len(rs) && isWordRune(rs[j+1]) && !isSingleton(rs[j+1]) {
					j += 2
					continue
				}
				break
			}
			out = append(out, token{term: fold(string(rs[i:j])), start: offs[i], end: offs[j]})
			i = j
		default:
			i++
		}
	}
	return out
}

// foldings are asciifolding's letters that do not decompose.
var foldings = strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i", "’", "'")

// fold lower-cases and strips diacritics (only from Latin letters, as
// asciifolding does; other scripts are kept).
func fold(s string) string {
	s = foldings.Replace(strings.ToLower(s))
	d := norm.NFD.String(s)
	var b strings.Builder
	var prev rune
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) && prev < 0x250 {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return norm.NFC.String(b.String())
}

// Highlight returns text HTML-escaped with the words matching query (in
// mode) wrapped in <em>…</em>.
func Highlight(text, query string, mode SearchMode) string {
	q := Terms(query)
	toks := tokenize(text)
	hit := make([]bool, len(toks))
	switch mode {
	case ModePhrase:
		for i := 0; i+len(q) <= len(toks); i++ {
			ok := true
			for j := range q {
				if toks[i+j].term != q[j] {
					ok = false
					break
				}
			}
			if ok {
				for j := range q {
					hit[i+j] = true
				}
			}
		}
	default:
		for i, t := range toks {
			hit[i] = slices.Contains(q, t.term) ||
				(mode == ModePrefix && len(q) > 0 && strings.HasPrefix(t.term, q[len(q)-1]))
		}
	}
	var b strings.Builder
	last := 0
	for i, t := range toks {
		if !hit[i] {
			continue
		}
		b.WriteString(htmlEscaper.Replace(text[last:t.start]))
		b.WriteString("<em>" + htmlEscaper.Replace(text[t.start:t.end]) + "</em>")
		last = t.end
	}
	b.WriteString(htmlEscaper.Replace(text[last:]))
	return b.String()
}

// htmlEscaper escapes as Elasticsearch's html highlight encoder does.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;", "/", "&#x2F;")
