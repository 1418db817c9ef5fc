package email

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// HTMLToText reduces HTML to plain text: no markup, scripts, styles or
// remote content survive; block elements become line breaks and links keep
// their target in brackets.
func HTMLToText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	href := "" // of the open link, written after its text
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tidy(b.String())
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
				b.WriteString(" ")
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch tag := string(name); tag {
			case "script", "style", "head", "title":
				skip++
			case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "blockquote", "table":
				b.WriteString("\n")
				if tag == "blockquote" {
					b.WriteString("> ")
				}
			case "a":
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" && strings.HasPrefix(string(v), "http") {
						href = string(v)
					}
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "title":
				if skip > 0 {
					skip--
				}
			case "a":
				if href != "" {
					b.WriteString("[" + href + "] ")
					href = ""
				}
			case "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "blockquote", "table":
				b.WriteString("\n")
			}
		}
	}
}

var (
	blankLines  = regexp.MustCompile(`\n{3,}`)
	spacedPunct = regexp.MustCompile(` +([.,;:!?])`)
)

func tidy(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = spacedPunct.ReplaceAllString(strings.TrimSpace(l), "$1")
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}

// quoteHeaders start the quoted history mail clients append to replies.
var quoteHeaders = []*regexp.Regexp{
	regexp.MustCompile(`^On .{1,300}wrote:\s*$`),
	regexp.MustCompile(`^Le .{1,300}a écrit\s*:\s*$`),
	regexp.MustCompile(`^Am .{1,300}schrieb .{0,200}:\s*$`),
	regexp.MustCompile(`^-{2,}\s*Original Message\s*-{2,}`),
	regexp.MustCompile(`^_{10,}$`),
	regexp.MustCompile(`^From: .+`),
}

// FoldQuoted drops the quoted history of a reply: everything from the first
// quote header or ">"-quoted line on. A message that is all quote is kept.
func FoldQuoted(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		quoted := strings.HasPrefix(t, ">")
		for _, re := range quoteHeaders {
			quoted = quoted || re.MatchString(t)
		}
		if quoted {
			if kept := strings.TrimSpace(strings.Join(lines[:i], "\n")); kept != "" {
				return kept
			}
			break
		}
	}
	return strings.TrimSpace(text)
}
