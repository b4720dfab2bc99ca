package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
)

// hostileRun is a run whose every server-supplied or user-supplied text tries
// to become markup: a server message must never turn into HTML, Markdown
// structure, XML elements or JSON structure in a report.
func hostileRun() *Run {
	r := fixtureRun()
	r.Target.Server = `</td><b>bold</b>`
	r.Target.Profile = `<i>p</i>`
	r.Tags = "@x' onmouseover='alert(1)"
	f := &r.Features[1]
	f.Name = `Import <u>basics</u> ]]> & "quotes"`
	rule := &f.Rules[1] // IMPORT-004, failed
	rule.Statement = "[click](javascript:alert(1)) | * _ # `code`"
	rule.Sources = append(rule.Sources, "javascript:alert(1)", `https://example.com/a"><script>alert(2)</script>`)
	s := &rule.Scenarios[0]
	s.Name = `"><img src=x onerror=alert(1)>`
	s.Tags = []string{`@"><svg onload=alert(3)>`}
	st := &s.Steps[2]
	st.Text = "<script>alert(1)</script>"
	st.Error = "AccessDeniedException: <script>alert('x')</script>\n| a | b |\n```\n]]> \x1b[31mred\x1b[0m & done"
	xf := &f.Rules[2].Scenarios[0]
	xf.Reason = `deviation <iframe src="https://evil.example/"></iframe> see https://example.com/x?a=1&b=<2>`
	return r
}

func TestHTMLEscapesServerText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, hostileRun()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<img", "<i>", "<b>bold", "<u>", "<svg", "<iframe", `href="javascript:`, "onmouseover='", "<script>alert"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	if n := strings.Count(out, "<script"); n != 1 {
		t.Errorf("HTML has %d <script elements, want only its own", n)
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;", "#ZgotmplZ"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks the escaped form %q", want)
		}
	}
}

// stripCodeSpans drops inline code spans: a backtick run up to the next run of
// the same length.
func stripCodeSpans(line string) string {
	var out strings.Builder
	for i := 0; i < len(line); {
		if line[i] == '\\' && i+1 < len(line) {
			out.WriteString(line[i : i+2])
			i += 2
			continue
		}
		if line[i] != '`' {
			out.WriteByte(line[i])
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == '`' {
			j++
		}
		fence := line[i:j]
		end := strings.Index(line[j:], fence)
		for end >= 0 && j+end+len(fence) < len(line) && line[j+end+len(fence)] == '`' {
			next := strings.Index(line[j+end+len(fence):], fence)
			if next < 0 {
				end = -1
				break
			}
			end += len(fence) + next
		}
		if end < 0 {
			out.WriteString(fence)
			i = j
			continue
		}
		i = j + end + len(fence)
	}
	return out.String()
}

var unescapedPipe = regexp.MustCompile(`(^|[^\\])\|`)

func TestMarkdownEscapesServerText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, hostileRun()); err != nil {
		t.Fatal(err)
	}
	inFence := ""
	cols := 0
	for i, line := range strings.Split(buf.String(), "\n") {
		trimmed := strings.TrimSpace(line)
		if inFence != "" {
			if trimmed == inFence {
				inFence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			inFence = strings.TrimSuffix(trimmed, "text")
			continue
		}
		// Code spans show their content literally (CommonMark §6.1), and <https://...> is an autolink.
		noLinks := regexp.MustCompile(`<https://[^\s<>]*>`).ReplaceAllString(stripCodeSpans(line), "")
		if strings.ContainsAny(noLinks, "<>") {
			t.Errorf("line %d has raw < or > outside a code block: %s", i+1, line)
		}
		if regexp.MustCompile(`(^|[^\\])\[`).MatchString(stripCodeSpans(line)) {
			t.Errorf("line %d has an unescaped [: %s", i+1, line)
		}
		// Every row of a table has as many cells as its header.
		if strings.HasPrefix(line, "| ") {
			n := len(unescapedPipe.FindAllString(line, -1))
			if cols == 0 {
				cols = n
			} else if n != cols {
				t.Errorf("line %d has %d cell separators, its table %d: %s", i+1, n, cols, line)
			}
		} else {
			cols = 0
		}
	}
	if inFence != "" {
		t.Error("a code fence is never closed")
	}
}

func TestJUnitEscapesServerText(t *testing.T) {
	r := hostileRun()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, e := range validateJUnit(buf.Bytes()) {
		t.Error(e)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	failure := doc.Suites[1].Cases[1].Failure
	if failure == nil {
		t.Fatal("IMPORT-004 has no failure")
	}
	// XML 1.0 cannot hold ESC; encoding/xml writes U+FFFD for it.
	want := strings.ReplaceAll(r.Features[1].Rules[1].Scenarios[0].Steps[2].Error, "\x1b", "\uFFFD")
	if failure.Message != want {
		t.Errorf("failure message %q, want %q", failure.Message, want)
	}
}

func TestCucumberEscapesServerText(t *testing.T) {
	r := hostileRun()
	var buf bytes.Buffer
	if err := WriteCucumberJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script") {
		t.Error("cucumber JSON has a raw <script (json escapes < as \\u003c)")
	}
	var got []godogFeature
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := r.Features[1].Rules[1].Scenarios[0].Steps[2].Error
	if msg := got[1].Elements[1].Steps[2].Result.Error; msg != want {
		t.Errorf("error_message %q, want %q", msg, want)
	}
}
