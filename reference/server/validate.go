package server

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// This file turns the `validate` tags of reference/kms input structs (grammar in
// reference/kms/api.go) into per-type validation plans, built once per type, and
// checks decoded requests against them before any operation logic runs
// (ERRORS-007, ERRORS-008, ERRORS-009, ERRORS-011). Messages follow the form AWS
// was seen sending (../shared/spec/errors.md §5).

// memberKind is what a validated member is on the wire.
type memberKind int

const (
	kindOther  memberKind = iota // booleans, timestamps: only `required` applies
	kindString                   // length in characters, enum, pattern
	kindBlob                     // []byte: length in decoded bytes, value never echoed
	kindInt                      // range
	kindFloat                    // range
	kindList                     // slices other than []byte: length is the element count
	kindMap                      // length is the entry count
	kindStruct                   // nested structure: its own plan
)

// member is one validated field of a structure.
type member struct {
	index    []int  // reflect field index path (embedded structs are flattened)
	jsonName string // the AWS member name, as in the json tag
	path     string // the name in messages: lower camel case (errors.md §5)
	kind     memberKind
	ptr      bool // the Go field is a pointer: nil means absent or null

	required       bool
	hasLen         bool
	minLen, maxLen int64
	enum           []string
	pattern        *regexp.Regexp
	patternSrc     string
	hasRange       bool
	minVal, maxVal float64
	rangeSrc       [2]string
	elem           *plan // struct, or element of a list, or value of a map
	elemPtr        bool
	needsPresence  bool // a zero value must be told apart from an absent member
}

// plan is the validation plan of one struct type.
type plan struct {
	members []member
	done    bool // false while the plan is being built (recursive types)
}

// empty reports whether the plan checks nothing, so walks can skip it.
func (p *plan) empty() bool { return p == nil || len(p.members) == 0 }

var plans sync.Map // reflect.Type -> *plan, or error

// planFor returns the cached plan of struct type t, building it on first use.
func planFor(t reflect.Type) (*plan, error) {
	if v, ok := plans.Load(t); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*plan), nil
	}
	p, err := buildPlan(t, map[reflect.Type]*plan{})
	if err != nil {
		plans.Store(t, err)
		return nil, err
	}
	v, _ := plans.LoadOrStore(t, p)
	if err, isErr := v.(error); isErr {
		return nil, err
	}
	return v.(*plan), nil
}

// buildPlan reflects over t once; seen breaks cycles of recursive types.
func buildPlan(t reflect.Type, seen map[reflect.Type]*plan) (*plan, error) {
	if p, ok := seen[t]; ok {
		return p, nil
	}
	p := &plan{}
	seen[t] = p
	if err := addMembers(p, t, nil, seen); err != nil {
		return nil, err
	}
	p.done = true
	return p, nil
}

func addMembers(p *plan, t reflect.Type, prefix []int, seen map[reflect.Type]*plan) error {
	for i := range t.NumField() {
		f := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		name, skip := jsonName(f)
		if skip {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			// encoding/json flattens untagged embedded structs; so do we.
			if err := addMembers(p, f.Type, index, seen); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m, keep, err := newMember(f, name, index, seen)
		if err != nil {
			return fmt.Errorf("server: %s.%s: %w", t.Name(), f.Name, err)
		}
		if keep {
			p.members = append(p.members, m)
		}
	}
	return nil
}

// jsonName returns the member name of f's json tag and whether json skips f.
func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", true
	}
	name, _, _ := strings.Cut(tag, ",")
	return name, false
}

func newMember(f reflect.StructField, name string, index []int, seen map[reflect.Type]*plan) (member, bool, error) {
	m := member{index: index, jsonName: name, path: lowerCamel(name)}
	t := f.Type
	if t.Kind() == reflect.Pointer {
		m.ptr = true
		t = t.Elem()
	}
	m.kind = kindOf(t)
	switch m.kind {
	case kindStruct:
		sub, err := buildPlan(t, seen)
		if err != nil {
			return m, false, err
		}
		m.elem = sub
	case kindList, kindMap:
		et := t.Elem()
		if et.Kind() == reflect.Pointer {
			m.elemPtr = true
			et = et.Elem()
		}
		if kindOf(et) == kindStruct {
			sub, err := buildPlan(et, seen)
			if err != nil {
				return m, false, err
			}
			m.elem = sub
		}
	}
	tag, hasTag := f.Tag.Lookup("validate")
	if hasTag {
		if err := m.parseTag(tag); err != nil {
			return m, false, err
		}
	}
	// A struct member whose plan is still being built (recursive type) is kept;
	// otherwise an untagged member with nothing to check is dropped.
	nested := m.elem != nil && (len(m.elem.members) > 0 || !m.elem.done)
	if !hasTag && !nested {
		return m, false, nil
	}
	// Non-pointer scalars decode absent and explicit null to their zero value, so
	// only a look at the raw body tells "absent" from "present and empty".
	m.needsPresence = !m.ptr && (m.required || m.hasLen || m.enum != nil || m.pattern != nil || m.hasRange)
	return m, true, nil
}

func kindOf(t reflect.Type) memberKind {
	switch t.Kind() {
	case reflect.String:
		return kindString
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return kindBlob
		}
		return kindList
	case reflect.Map:
		return kindMap
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return kindInt
	case reflect.Float32, reflect.Float64:
		return kindFloat
	case reflect.Struct:
		if t.NumField() > 0 && hasJSONUnmarshaler(t) {
			return kindOther // e.g. kms.Time: a scalar on the wire
		}
		return kindStruct
	}
	return kindOther
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func hasJSONUnmarshaler(t reflect.Type) bool {
	return t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType)
}

// parseTag reads the grammar of reference/kms/api.go. A pattern may contain
// commas (`^([a-z]+-){2,3}\d+$`), so `pattern=` must come last and takes the
// rest of the tag.
func (m *member) parseTag(tag string) error {
	for tag != "" {
		var item string
		if strings.HasPrefix(tag, "pattern=") {
			item, tag = tag, ""
		} else {
			item, tag, _ = strings.Cut(tag, ",")
		}
		key, val, _ := strings.Cut(item, "=")
		switch key {
		case "required":
			m.required = true
		case "len":
			lo, hi, err := parseBounds(val)
			if err != nil {
				return fmt.Errorf("validate tag len=%q: %w", val, err)
			}
			if m.kind != kindString && m.kind != kindBlob && m.kind != kindList && m.kind != kindMap {
				return fmt.Errorf("validate tag len on a member that has no length")
			}
			m.hasLen = true
			m.minLen, m.maxLen = int64(lo), int64(hi)
		case "enum":
			if m.kind != kindString {
				return fmt.Errorf("validate tag enum on a non-string member")
			}
			if val == "" {
				return fmt.Errorf("validate tag enum= with no values")
			}
			m.enum = strings.Split(val, "|")
		case "pattern":
			if m.kind != kindString {
				return fmt.Errorf("validate tag pattern on a non-string member")
			}
			re, err := compileModelPattern(val)
			if err != nil {
				return fmt.Errorf("validate tag pattern=%q: %w", val, err)
			}
			m.pattern, m.patternSrc = re, val
		case "range":
			if m.kind != kindInt && m.kind != kindFloat {
				return fmt.Errorf("validate tag range on a non-numeric member")
			}
			los, his, ok := strings.Cut(val, "..")
			lo, err1 := strconv.ParseFloat(los, 64)
			hi, err2 := strconv.ParseFloat(his, 64)
			if !ok || err1 != nil || err2 != nil || lo > hi {
				return fmt.Errorf("validate tag range=%q: want a..b with a <= b", val)
			}
			m.hasRange = true
			m.minVal, m.maxVal = lo, hi
			m.rangeSrc = [2]string{los, his}
		default:
			return fmt.Errorf("validate tag: unknown rule %q", item)
		}
	}
	return nil
}

func parseBounds(s string) (int, int, error) {
	los, his, ok := strings.Cut(s, "..")
	if !ok {
		return 0, 0, fmt.Errorf("want a..b")
	}
	lo, err1 := strconv.Atoi(los)
	hi, err2 := strconv.Atoi(his)
	if err1 != nil || err2 != nil || lo < 0 || lo > hi {
		return 0, 0, fmt.Errorf("want a..b with 0 <= a <= b")
	}
	return lo, hi, nil
}

var javaUnicodeEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

// compileModelPattern compiles a pattern of the API model. The model's patterns
// are Java regular expressions matched against the whole value (Marker's
// `[\u0020-\u00FF]*` has no anchors), and RE2 spells \uXXXX as \x{XXXX}.
func compileModelPattern(p string) (*regexp.Regexp, error) {
	return regexp.Compile(`^(?:` + javaUnicodeEscape.ReplaceAllString(p, `\x{$1}`) + `)$`)
}

// lowerCamel turns an AWS member name into the form of validation messages:
// "KeyId" -> "keyId" (errors.md §5).
func lowerCamel(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// violations collects the broken constraints of one request, in member order.
type violations struct {
	msgs []string
	raw  func() any // the request body as generic JSON, parsed at most once
}

func (vs *violations) add(value *string, path, constraint string) {
	// ERRORS-009: blob values (value == nil) are never echoed.
	var b strings.Builder
	b.WriteString("Value ")
	if value != nil {
		b.WriteString("'")
		b.WriteString(*value)
		b.WriteString("' ")
	}
	b.WriteString("at '")
	b.WriteString(path)
	b.WriteString("' failed to satisfy constraint: ")
	b.WriteString(constraint)
	vs.msgs = append(vs.msgs, b.String())
}

func (vs *violations) addNull(path string) {
	vs.msgs = append(vs.msgs, "Value null at '"+path+"' failed to satisfy constraint: Member must not be null")
}

// message is the ValidationException message: "1 validation error detected: ..."
// or "N validation errors detected: ...; ..." (errors.md §5).
func (vs *violations) message() string {
	if len(vs.msgs) == 1 {
		return "1 validation error detected: " + vs.msgs[0]
	}
	return strconv.Itoa(len(vs.msgs)) + " validation errors detected: " + strings.Join(vs.msgs, "; ")
}

// validateRequest checks v (a pointer to the decoded input struct) against p.
// body is the raw request body, consulted only when a zero-valued non-pointer
// member must be told apart from an absent one. It returns "" when v is valid.
func validateRequest(p *plan, v reflect.Value, body []byte) string {
	var parsed any
	var done bool
	vs := &violations{raw: func() any {
		if !done {
			done = true
			// The body already decoded into the typed struct, so it is valid JSON.
			_ = json.Unmarshal(body, &parsed)
		}
		return parsed
	}}
	walkStruct(vs, p, v.Elem(), "", func() any { return vs.raw() })
	if len(vs.msgs) == 0 {
		return ""
	}
	return vs.message()
}

// walkStruct validates struct value sv against p; raw lazily yields the generic
// JSON node of sv (a map[string]any, or nil when absent).
func walkStruct(vs *violations, p *plan, sv reflect.Value, prefix string, raw func() any) {
	for i := range p.members {
		m := &p.members[i]
		path := prefix + m.path
		fv := sv.FieldByIndex(m.index)
		if m.ptr {
			if fv.IsNil() {
				if m.required {
					vs.addNull(path)
				}
				continue
			}
			fv = fv.Elem()
		} else if fv.IsZero() && m.needsPresence {
			present := memberPresent(raw(), m.jsonName)
			if !present {
				if m.required {
					vs.addNull(path)
				}
				continue
			}
		} else if (m.kind == kindList || m.kind == kindMap || m.kind == kindBlob) && fv.IsNil() {
			if m.required {
				vs.addNull(path)
			}
			continue
		}
		checkValue(vs, m, fv, path, func() any { return member0(raw(), m.jsonName) })
	}
}

// checkValue applies m's constraints to the present value fv.
func checkValue(vs *violations, m *member, fv reflect.Value, path string, raw func() any) {
	switch m.kind {
	case kindString:
		s := fv.String()
		if m.hasLen {
			checkLen(vs, &s, path, int64(utf8.RuneCountInString(s)), m)
		}
		if m.enum != nil && !contains(m.enum, s) {
			vs.add(&s, path, "Member must satisfy enum value set: ["+strings.Join(m.enum, ", ")+"]")
		}
		if m.pattern != nil && !m.pattern.MatchString(s) {
			vs.add(&s, path, "Member must satisfy regular expression pattern: "+m.patternSrc)
		}
	case kindBlob:
		if m.hasLen {
			checkLen(vs, nil, path, int64(fv.Len()), m)
		}
	case kindInt, kindFloat:
		if !m.hasRange {
			return
		}
		var f float64
		var s string
		switch {
		case fv.CanInt():
			f, s = float64(fv.Int()), strconv.FormatInt(fv.Int(), 10)
		case fv.CanUint():
			f, s = float64(fv.Uint()), strconv.FormatUint(fv.Uint(), 10)
		default:
			f, s = fv.Float(), strconv.FormatFloat(fv.Float(), 'g', -1, 64)
		}
		if f < m.minVal || math.IsNaN(f) {
			vs.add(&s, path, "Member must have value greater than or equal to "+m.rangeSrc[0])
		}
		if f > m.maxVal {
			vs.add(&s, path, "Member must have value less than or equal to "+m.rangeSrc[1])
		}
	case kindStruct:
		if !m.elem.empty() {
			walkStruct(vs, m.elem, fv, path+".", raw)
		}
	case kindList:
		if m.hasLen {
			checkLen(vs, nil, path, int64(fv.Len()), m)
		}
		if m.elem.empty() {
			return
		}
		for i := range fv.Len() {
			ev := fv.Index(i)
			if m.elemPtr {
				if ev.IsNil() {
					continue
				}
				ev = ev.Elem()
			}
			// AWS spells list elements "tags.1.member.tagKey" (1-based).
			walkStruct(vs, m.elem, ev, path+"."+strconv.Itoa(i+1)+".member.", func() any { return element(raw(), i) })
		}
	case kindMap:
		if m.hasLen {
			checkLen(vs, nil, path, int64(fv.Len()), m)
		}
		if m.elem.empty() {
			return
		}
		iter := fv.MapRange()
		for iter.Next() {
			ev := iter.Value()
			if m.elemPtr {
				if ev.IsNil() {
					continue
				}
				ev = ev.Elem()
			}
			key := fmt.Sprint(iter.Key().Interface())
			walkStruct(vs, m.elem, ev, path+"."+key+".", func() any { return member0(raw(), key) })
		}
	}
}

func checkLen(vs *violations, value *string, path string, n int64, m *member) {
	if n < m.minLen {
		vs.add(value, path, "Member must have length greater than or equal to "+strconv.FormatInt(m.minLen, 10))
	}
	if n > m.maxLen {
		vs.add(value, path, "Member must have length less than or equal to "+strconv.FormatInt(m.maxLen, 10))
	}
}

func contains(set []string, s string) bool {
	for _, v := range set {
		if v == s {
			return true
		}
	}
	return false
}

// lookupKey finds name in a JSON object the way encoding/json matches fields:
// an exact match first, then a case-insensitive one.
func lookupKey(obj map[string]any, name string) (any, bool) {
	if v, ok := obj[name]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// memberPresent reports whether the JSON object node has member name with a
// non-null value (AWS treats an explicit null as absent).
func memberPresent(node any, name string) bool {
	obj, ok := node.(map[string]any)
	if !ok {
		return false
	}
	v, ok := lookupKey(obj, name)
	return ok && v != nil
}

func member0(node any, name string) any {
	obj, ok := node.(map[string]any)
	if !ok {
		return nil
	}
	v, _ := lookupKey(obj, name)
	return v
}

func element(node any, i int) any {
	arr, ok := node.([]any)
	if !ok || i >= len(arr) {
		return nil
	}
	return arr[i]
}
