package timeline

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The text analysis both adapters share, for multilingual chat: the
// Unicode word-break rules of Elasticsearch's standard tokenizer (letters,
// marks and digits, with ' . : _ inside a word; Han and Hiragana characters
// one token each; emoji kept), lower-cased and folded to ASCII where a
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
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

// isSingleton: Han and Hiragana characters are words of their own.
func isSingleton(r rune) bool { return unicode.In(r, unicode.Han, unicode.Hiragana) }

// isEmoji approximates Extended_Pictographic, which the standard tokenizer
// keeps as tokens.
func isEmoji(r rune) bool {
	return (r >= 0x1F000 && r <= 0x1FAFF) || (r >= 0x2600 && r <= 0x27BF) || (r >= 0x2B00 && r <= 0x2BFF)
}

// inEmoji are the runes that extend an emoji: skin tones, the variation
// selector, the zero-width joiner and tags.
func inEmoji(r rune) bool {
	return (r >= 0x1F3FB && r <= 0x1F3FF) || r == 0xFE0F || r == 0x200D || r == 0x20E3 || (r >= 0xE0020 && r <= 0xE007F)
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
		case isEmoji(r):
			j := i + 1
			for j < len(rs) && (inEmoji(rs[j]) || (rs[j-1] == 0x200D && isEmoji(rs[j]))) {
				j++
			}
			out = append(out, token{term: string(rs[i:j]), start: offs[i], end: offs[j]})
			i = j
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
				if j+1 < len(rs) && joins(rs[j-1], rs[j], rs[j+1]) {
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

// joins reports whether mid keeps prev and next in one word (UAX #29:
// MidLetter between letters, MidNum between digits, MidNumLet between
// either).
func joins(prev, mid, next rune) bool {
	letters := unicode.IsLetter(prev) && unicode.IsLetter(next) && !isSingleton(next)
	digits := unicode.IsDigit(prev) && unicode.IsDigit(next)
	switch mid {
	case ':', '·':
		return letters
	case ',', ';':
		return digits
	case '.', '\'', '’':
		return letters || digits
	}
	return false
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
