package material

import "errors"

// errBER is internal: every caller turns it into ErrIncorrect without detail.
var errBER = errors.New("material: not a BER encoding")

// maxBERDepth bounds recursion on hostile input; a PKCS#8 key nests at most five levels deep.
const maxBERDepth = 16

// berToDER re-encodes one BER element (X.690 §8) as DER (X.690 §10) for the shapes that occur in PKCS#8 keys:
// long-form or non-minimal lengths become minimal (§10.1), indefinite lengths become definite (§10.1), and a
// constructed OCTET STRING becomes one primitive string (§10.2). MATERIAL-004 allows DER or BER. A DER input
// comes back unchanged. Anything else BER allows but these keys do not use (constructed BIT STRINGs,
// non-minimal INTEGERs) stays refused by the DER parser that runs next.
func berToDER(b []byte) ([]byte, error) {
	out, rest, err := berElement(nil, b, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errBER // RFC 5208: the material is one PrivateKeyInfo and nothing after it
	}
	return out, nil
}

// berElement appends the DER form of the element at the start of b to out and returns the bytes after it.
func berElement(out, b []byte, depth int) ([]byte, []byte, error) {
	if depth > maxBERDepth || len(b) < 2 {
		return nil, nil, errBER
	}
	tagLen := 1
	if b[0]&0x1f == 0x1f { // X.690 §8.1.2.4: high tag number form
		for {
			if tagLen >= len(b) || tagLen > 4 {
				return nil, nil, errBER
			}
			more := b[tagLen]&0x80 != 0
			tagLen++
			if !more {
				break
			}
		}
	}
	tag := b[:tagLen]
	constructed := b[0]&0x20 != 0
	b = b[tagLen:]
	if len(b) == 0 {
		return nil, nil, errBER
	}
	var content []byte
	var rest []byte
	indefinite := false
	switch l := b[0]; {
	case l < 0x80: // X.690 §8.1.3.4: short form
		if len(b)-1 < int(l) {
			return nil, nil, errBER
		}
		content, rest = b[1:1+int(l)], b[1+int(l):]
	case l == 0x80: // X.690 §8.1.3.6: indefinite form, constructed only
		if !constructed {
			return nil, nil, errBER
		}
		indefinite = true
		rest = b[1:]
	default: // X.690 §8.1.3.5: long form
		n := int(l & 0x7f)
		if n > 4 || len(b)-1 < n {
			return nil, nil, errBER
		}
		length := 0
		for _, c := range b[1 : 1+n] {
			length = length<<8 | int(c)
		}
		b = b[1+n:]
		if length < 0 || len(b) < length {
			return nil, nil, errBER
		}
		content, rest = b[:length], b[length:]
	}

	if !constructed {
		return appendTLV(out, tag, content), rest, nil
	}
	// Children: until the end of a definite content, or until end-of-contents (00 00) for an indefinite one.
	var children []byte
	src := content
	if indefinite {
		src = rest
	}
	for {
		if indefinite {
			if len(src) >= 2 && src[0] == 0 && src[1] == 0 {
				src = src[2:]
				break
			}
		} else if len(src) == 0 {
			break
		}
		var err error
		children, src, err = berElement(children, src, depth+1)
		if err != nil {
			return nil, nil, err
		}
	}
	if indefinite {
		rest = src
	}
	if tagLen == 1 && tag[0] == 0x24 { // constructed universal OCTET STRING: X.690 §8.7.3, DER §10.2
		var joined []byte
		for c := children; len(c) > 0; {
			seg, next, err := derTLV(c)
			if err != nil || seg.tag != 0x04 { // segments must themselves be (now primitive) OCTET STRINGs
				return nil, nil, errBER
			}
			joined = append(joined, seg.content...)
			c = next
		}
		return appendTLV(out, []byte{0x04}, joined), rest, nil
	}
	return appendTLV(out, tag, children), rest, nil
}

type tlv struct {
	tag     byte
	content []byte
}

// derTLV splits one single-byte-tag DER element produced by berElement.
func derTLV(b []byte) (tlv, []byte, error) {
	if len(b) < 2 {
		return tlv{}, nil, errBER
	}
	tag, l := b[0], int(b[1])
	b = b[2:]
	if l >= 0x80 {
		n := l & 0x7f
		if n == 0 || n > 4 || len(b) < n {
			return tlv{}, nil, errBER
		}
		l = 0
		for _, c := range b[:n] {
			l = l<<8 | int(c)
		}
		b = b[n:]
	}
	if len(b) < l {
		return tlv{}, nil, errBER
	}
	return tlv{tag: tag, content: b[:l]}, b[l:], nil
}

// appendTLV appends tag, the minimal DER length (X.690 §10.1) and content.
func appendTLV(out, tag, content []byte) []byte {
	out = append(out, tag...)
	n := len(content)
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 1<<8:
		out = append(out, 0x81, byte(n))
	case n < 1<<16:
		out = append(out, 0x82, byte(n>>8), byte(n))
	case n < 1<<24:
		out = append(out, 0x83, byte(n>>16), byte(n>>8), byte(n))
	default:
		out = append(out, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(out, content...)
}
